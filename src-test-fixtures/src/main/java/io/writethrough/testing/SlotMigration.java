package io.writethrough.testing;

import java.util.List;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.MigrateParams;

/**
 * One slot of a {@link PrivateRedisCluster} on its way from one primary to another, in the steps Redis Cluster
 * moves it: {@code CLUSTER SETSLOT IMPORTING} on the target and {@code MIGRATING} on the source (done by
 * {@link PrivateRedisCluster#beginMigration}), {@code MIGRATE} of its keys ({@link #moveKeys}, {@link #moveKey}),
 * then {@code SETSLOT NODE} on the target, the source and the other primaries ({@link #finish()}).
 *
 * <p>Between the steps a test can meet the windows clients must handle: while the migration is open, the source
 * answers {@code ASK} for a key of the slot it does not have (moved, or new), and {@code TRYAGAIN} for a multi-key
 * command whose keys are partly moved. Thread-safe; its methods wait for each other.
 */
public final class SlotMigration {

    private static final int BATCH = 100;
    private static final int MIGRATE_TIMEOUT_MS = 5_000;

    private final PrivateRedisCluster cluster;
    private final int slot;
    private final PrivateRedisServer source;
    private final PrivateRedisServer target;
    private final NodeConnections connections = new NodeConnections();
    private boolean completed;

    private SlotMigration(PrivateRedisCluster cluster, int slot, PrivateRedisServer source, PrivateRedisServer target) {
        this.cluster = cluster;
        this.slot = slot;
        this.source = source;
        this.target = target;
    }

    static SlotMigration begin(PrivateRedisCluster cluster, int slot, PrivateRedisServer source,
            PrivateRedisServer target) {
        String targetId = cluster.nodeId(target);
        String sourceId = cluster.nodeId(source);
        if (source.equals(target)) {
            throw new IllegalArgumentException("slot " + slot + " is already served by " + target);
        }
        SlotMigration migration = new SlotMigration(cluster, slot, source, target);
        try {
            boolean primary = ClusterView.parse(migration.connections.call(target, Jedis::clusterNodes)).myself()
                    .isPrimary();
            if (!primary) {
                throw new IllegalArgumentException(target + " is not a primary: a slot can move only to a primary");
            }
            // Importing first: once the source says MIGRATING it sends clients with ASK to the target.
            migration.connections.call(target, j -> j.clusterSetSlotImporting(slot, sourceId));
            migration.connections.call(source, j -> j.clusterSetSlotMigrating(slot, targetId));
            return migration;
        } catch (RuntimeException e) {
            migration.connections.close();
            throw e;
        }
    }

    public int slot() {
        return slot;
    }

    public PrivateRedisServer source() {
        return source;
    }

    public PrivateRedisServer target() {
        return target;
    }

    /** The number of keys of the slot still on the source. */
    public synchronized long keysLeft() {
        return connections.call(source, j -> j.clusterCountKeysInSlot(slot));
    }

    /** Moves up to {@code max} of the slot's keys still on the source; returns how many it moved. */
    public synchronized int moveKeys(int max) {
        requireOpen();
        List<String> keys = connections.call(source, j -> j.clusterGetKeysInSlot(slot, max));
        if (keys.isEmpty()) {
            return 0;
        }
        connections.call(source, j -> j.migrate(target.host(), target.port(), 0, MIGRATE_TIMEOUT_MS,
                new MigrateParams(), keys.toArray(String[]::new)));
        return keys.size();
    }

    /**
     * Moves one key of the slot; returns false when the source does not have it (never had it, or moved already).
     *
     * @throws IllegalArgumentException when the key is of another slot
     */
    public synchronized boolean moveKey(String key) {
        requireOpen();
        if (PrivateRedisCluster.slotOf(key) != slot) {
            throw new IllegalArgumentException("key " + key + " is in slot " + PrivateRedisCluster.slotOf(key)
                    + ", not " + slot);
        }
        String reply = connections.call(source, j -> j.migrate(target.host(), target.port(), 0, MIGRATE_TIMEOUT_MS,
                new MigrateParams(), key));
        return "OK".equals(reply);
    }

    /**
     * Moves every key of the slot still on the source. Ends even while clients write: the source creates no new
     * key of a migrating slot (it sends them to the target), so its keys only get fewer.
     */
    public synchronized int moveAllKeys() {
        int moved = 0;
        for (int batch = moveKeys(BATCH); batch > 0; batch = moveKeys(BATCH)) {
            moved += batch;
        }
        return moved;
    }

    /**
     * Moves the remaining keys, gives the slot to the target and returns once every node agrees that the target
     * serves it. The migration is then over.
     */
    public void finish() {
        complete();
        try (NodeConnections waiting = new NodeConnections()) {
            cluster.awaitStable(waiting, "every node to see slot " + slot + " at " + target, cluster.operationTimeout(),
                    () -> {
                        int owner = ClusterView.parse(waiting.call(target, Jedis::clusterNodes)).slotOwners()[slot];
                        return owner == target.port() ? null : "slot " + slot + " is still served by port " + owner;
                    });
        }
    }

    /** {@link #finish()} without waiting for the other nodes: a run of slots waits once, at its end. */
    synchronized void complete() {
        requireOpen();
        try {
            moveAllKeys();
            String targetId = cluster.nodeId(target);
            // The order Redis documents: the target first (it stops needing ASKING), then the source (it starts
            // sending MOVED), then the others, so that no node sends a client back where it came from.
            connections.call(target, j -> j.clusterSetSlotNode(slot, targetId));
            connections.call(source, j -> j.clusterSetSlotNode(slot, targetId));
            for (PrivateRedisServer other : cluster.runningPrimaries(connections)) {
                if (!other.equals(source) && !other.equals(target)) {
                    connections.call(other, j -> j.clusterSetSlotNode(slot, targetId));
                }
            }
            completed = true;
        } finally {
            connections.close();
        }
    }

    public synchronized boolean isFinished() {
        return completed;
    }

    @Override
    public String toString() {
        return "SlotMigration[slot " + slot + ": " + source + " -> " + target + (completed ? ", finished]" : "]");
    }

    private void requireOpen() {
        if (completed) {
            throw new IllegalStateException(this + " is over");
        }
    }
}
