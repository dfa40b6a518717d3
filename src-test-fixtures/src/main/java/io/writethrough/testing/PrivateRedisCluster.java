package io.writethrough.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of its own: three primaries and three replicas, each a {@link PrivateRedisServer} on a free
 * loopback port (its cluster bus 10000 above), created with {@code redis-cli --cluster create}. For tests of
 * redirections ({@code MOVED}, {@code ASK}, {@code TRYAGAIN}), failovers and slot migrations.
 *
 * <p>The nodes run with a short {@code cluster-node-timeout} (2 s unless told), so a killed primary is replaced
 * within a few seconds; a replica may always take over ({@code cluster-replica-validity-factor 0}) and never moves
 * to another primary ({@code cluster-allow-replica-migration no}), so a test knows which node becomes what.
 *
 * <p>Every method that changes the cluster returns only once every running node says {@code cluster_state:ok},
 * all of them agree which primary serves each slot, none sees another running one as failing, and every running
 * replica's link to its primary is up. Nodes are {@link PrivateRedisServer}s: a test may {@code kill()},
 * {@code pause()} or {@code stop()} one itself, and call {@link #awaitStable()} when it wants the cluster settled.
 * Methods may be called from several threads (a migration in the background while the test kills a node); each
 * call uses connections of its own. Processes still running when the JVM exits are killed by a shutdown hook.
 */
public final class PrivateRedisCluster implements AutoCloseable {

    /** The number of hash slots. */
    public static final int SLOTS = 16_384;
    /** The {@code cluster-node-timeout} of {@link #launch()}. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(2_000);

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRedisCluster.class);
    private static final int PRIMARIES = 3;
    private static final int NODES = 2 * PRIMARIES;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    /** A little more than the 5 s after which Redis gives up a manual failover. */
    private static final Duration MANUAL_FAILOVER_RETRY = Duration.ofSeconds(6);

    private final List<PrivateRedisServer> nodes;
    private final Map<PrivateRedisServer, String> ids = new HashMap<>();
    private final Duration nodeTimeout;
    private final Path cli;
    private boolean closed;

    private PrivateRedisCluster(List<PrivateRedisServer> nodes, Duration nodeTimeout, Path cli) {
        this.nodes = List.copyOf(nodes);
        this.nodeTimeout = nodeTimeout;
        this.cli = cli;
    }

    /** Starts and creates a cluster with the {@linkplain #DEFAULT_NODE_TIMEOUT default node timeout}. */
    public static PrivateRedisCluster launch() {
        return launch(DEFAULT_NODE_TIMEOUT);
    }

    /**
     * Starts six nodes, creates the cluster with {@code redis-cli} and returns once it is {@linkplain #awaitStable()
     * stable}. A shorter node timeout fails over faster; one shorter than a busy machine's hiccups fails over by
     * itself.
     *
     * @throws org.opentest4j.TestAbortedException when there is no {@code redis-cli}
     * @throws IllegalStateException when a node does not start or the cluster does not form within 60 s, with
     *                               {@code redis-cli}'s output
     */
    public static PrivateRedisCluster launch(Duration nodeTimeout) {
        Path server = RedisBinary.preferred();
        Path cli = RedisBinary.cli(server);
        ServerSetup setup = ServerSetup.plain()
                .withPorts(FreePort::findWithClusterBus)
                .withArguments(
                        "--cluster-enabled", "yes",
                        // Relative to the node's own directory (its --dir), where a restart finds it again.
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
                        "--cluster-replica-validity-factor", "0",
                        // Redis waits 5 s for more replicas before a diskless full sync; there is one per primary.
                        "--repl-diskless-sync-delay", "0");
        if (RedisBinary.majorVersion(server) >= 7) {
            // Redis 6 has no such option; with one replica per primary it never moves a replica anyway.
            setup = setup.withArguments("--cluster-allow-replica-migration", "no");
        }
        List<PrivateRedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(PrivateRedisServer.launch(server, setup));
            }
            PrivateRedisCluster cluster = new PrivateRedisCluster(nodes, nodeTimeout, cli);
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(PrivateRedisServer::close);
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.forEach(node -> command.add(node.host() + ":" + node.port()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path log = nodes.get(0).directory().resolve("cluster-create.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create did not finish within "
                        + CREATE_TIMEOUT.toSeconds() + " s; it printed:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create exited with " + process.exitValue()
                        + "; it printed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + cli, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
        try (NodeConnections connections = new NodeConnections()) {
            for (PrivateRedisServer node : nodes) {
                ids.put(node, connections.call(node, Jedis::clusterMyId));
            }
            awaitStable(connections, "the new cluster to be stable", CREATE_TIMEOUT, () -> null);
        }
        LOG.debug("private Redis Cluster formed: {}", seeds());
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: every node, for a client's list of seed nodes. */
    public String seeds() {
        return nodes.stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
    }

    /** All six nodes, in the order they were created, whatever their role now and whether running or not. */
    public List<PrivateRedisServer> nodes() {
        return nodes;
    }

    /** The running primaries that serve slots, ordered by their first slot. */
    public List<PrivateRedisServer> primaries() {
        try (NodeConnections connections = new NodeConnections()) {
            ClusterView view = anyView(connections);
            return view.entries().stream()
                    .filter(e -> e.isPrimary() && !e.slots().isEmpty())
                    .sorted(Comparator.comparingInt(e -> e.slots().nextSetBit(0)))
                    .map(e -> node(e.port()))
                    .filter(PrivateRedisServer::isRunning)
                    .toList();
        }
    }

    /** A cluster client seeded with every running primary; the caller closes it. */
    public JedisCluster client() {
        Set<HostAndPort> seeds = new HashSet<>();
        primaries().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
        return new JedisCluster(seeds);
    }

    /** The running replicas. */
    public List<PrivateRedisServer> replicas() {
        try (NodeConnections connections = new NodeConnections()) {
            ClusterView view = anyView(connections);
            return nodes.stream()
                    .filter(PrivateRedisServer::isRunning)
                    .filter(node -> view.byPort(node.port()).map(ClusterView.Entry::isReplica).orElse(false))
                    .toList();
        }
    }

    /** The running replicas of {@code primary}. */
    public List<PrivateRedisServer> replicasOf(PrivateRedisServer primary) {
        String primaryId = nodeId(primary);
        try (NodeConnections connections = new NodeConnections()) {
            ClusterView view = anyView(connections);
            return nodes.stream()
                    .filter(PrivateRedisServer::isRunning)
                    .filter(node -> view.byPort(node.port()).map(e -> primaryId.equals(e.primaryId())).orElse(false))
                    .toList();
        }
    }

    /** The node's cluster id, as {@code CLUSTER MYID} gave it at creation (a restart keeps it). */
    public String nodeId(PrivateRedisServer node) {
        String id = ids.get(node);
        if (id == null) {
            throw new IllegalArgumentException(node + " is not a node of this cluster");
        }
        return id;
    }

    /** The slot of a key, as Redis computes it: CRC16 of the key, or of its first non-empty {@code {hash tag}}. */
    public static int slotOf(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** The primary serving {@code slot}: the running primary whose own view says it serves it. */
    public PrivateRedisServer primaryOfSlot(int slot) {
        checkSlot(slot);
        try (NodeConnections connections = new NodeConnections()) {
            PrivateRedisServer owner = selfClaimedOwners(connections).get(slot);
            if (owner == null) {
                throw noOwner(slot);
            }
            return owner;
        }
    }

    /** The primary serving the slot of {@code key}. */
    public PrivateRedisServer primaryOf(String key) {
        return primaryOfSlot(slotOf(key));
    }

    /** The slots {@code primary} serves in its own view (empty for a replica). */
    public BitSet slotsOf(PrivateRedisServer primary) {
        try (NodeConnections connections = new NodeConnections()) {
            ClusterView.Entry self = ClusterView.parse(connections.call(primary, Jedis::clusterNodes)).myself();
            return self.isPrimary() ? self.slots() : new BitSet();
        }
    }

    /**
     * Manual failover ({@code CLUSTER FAILOVER} on a replica of {@code primary}): the replica catches up and takes
     * over, the old primary becomes its replica, no write is lost. Returns the new primary once the cluster is
     * stable again and every node says it serves the old primary's slots.
     */
    public PrivateRedisServer failover(PrivateRedisServer primary) {
        try (NodeConnections connections = new NodeConnections()) {
            int slot = firstSlot(connections, primary);
            PrivateRedisServer replica = replicasOf(primary).stream().filter(PrivateRedisServer::isServing)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(primary + " has no running replica to fail over to"));
            long start = System.nanoTime();
            long[] asked = {start};
            connections.call(replica, Jedis::clusterFailover);
            awaitStable(connections, "failover of " + primary + " to " + replica, operationTimeout(), () -> {
                String problem = ownerProblem(connections, slot, replica, primary);
                if (problem != null && System.nanoTime() - asked[0] > MANUAL_FAILOVER_RETRY.toNanos()
                        && ClusterView.parse(connections.call(replica, Jedis::clusterNodes)).myself().isReplica()) {
                    // Redis drops a manual failover that did not complete in 5 s (votes refused, say): ask again.
                    LOG.debug("manual failover of {} to {} did not happen; asking again", primary, replica);
                    connections.call(replica, Jedis::clusterFailover);
                    asked[0] = System.nanoTime();
                }
                return problem;
            });
            LOG.debug("manual failover of {} to {} took {} ms", primary, replica, elapsedMillis(start));
            return replica;
        }
    }

    /**
     * Returns once every running replica of {@code primary} has processed every write {@code primary} had when
     * this was called, e.g. before {@link #killPrimary} when no write may be lost.
     */
    public void awaitReplication(PrivateRedisServer primary) {
        List<PrivateRedisServer> replicas = replicasOf(primary).stream().filter(PrivateRedisServer::isServing).toList();
        try (NodeConnections connections = new NodeConnections()) {
            Replication.awaitCaughtUp(connections, primary, replicas, operationTimeout());
        }
    }

    /**
     * Kills {@code primary} (SIGKILL) and returns the replica that took over, once the cluster is stable again
     * without it. The killed node stays down until {@link #restart}; writes it had not yet passed on are lost, as
     * in a real crash ({@link #awaitReplication} first, to lose none).
     */
    public PrivateRedisServer killPrimary(PrivateRedisServer primary) {
        try (NodeConnections connections = new NodeConnections()) {
            int slot = firstSlot(connections, primary);
            long start = System.nanoTime();
            primary.kill();
            Supplier<String> promoted = () -> {
                int owner = anyView(connections).slotOwners()[slot];
                return owner == primary.port() ? "slot " + slot + " is still served by the killed " + primary : null;
            };
            awaitStable(connections, "a replica to replace the killed " + primary, operationTimeout(), promoted);
            PrivateRedisServer successor = node(anyView(connections).slotOwners()[slot]);
            LOG.debug("killed {}; {} took over in {} ms", primary, successor, elapsedMillis(start));
            return successor;
        }
    }

    /**
     * Starts a stopped or killed node again on its port with its {@code nodes.conf} (but no data) and returns once
     * it has rejoined: a former primary whose slots were taken over comes back as a replica of its successor,
     * synchronised with it.
     */
    public void restart(PrivateRedisServer node) {
        nodeId(node);
        node.start();
        try (NodeConnections connections = new NodeConnections()) {
            awaitStable(connections, "restarted " + node + " to rejoin", operationTimeout(), () -> null);
        }
    }

    /**
     * Starts moving {@code slot} to the primary {@code target} ({@code CLUSTER SETSLOT IMPORTING} on the target,
     * {@code MIGRATING} on the source) and returns the migration, whose keys the test then moves as it likes
     * ({@link SlotMigration#moveKeys}, {@link SlotMigration#moveKey}) before {@link SlotMigration#finish()}. While
     * it is open the source answers {@code ASK} for keys it no longer has and {@code TRYAGAIN} for multi-key
     * commands on keys of which only some moved.
     */
    public SlotMigration beginMigration(int slot, PrivateRedisServer target) {
        checkSlot(slot);
        return SlotMigration.begin(this, slot, primaryOfSlot(slot), target);
    }

    /** Moves {@code slot} and its keys to {@code target}; returns once every node agrees the target serves it. */
    public void migrateSlot(int slot, PrivateRedisServer target) {
        migrateSlots(slot, slot, target);
    }

    /**
     * Moves slots {@code from} to {@code to} (inclusive) with their keys to the primary {@code target}, one slot
     * after another, as {@code redis-cli --cluster reshard} does; slots it already serves are skipped. Safe while
     * clients write (they follow {@code ASK} and {@code MOVED}). Returns once every node agrees.
     */
    public void migrateSlots(int from, int to, PrivateRedisServer target) {
        checkSlot(from);
        checkSlot(to);
        if (from > to) {
            throw new IllegalArgumentException("slot range " + from + ".." + to + " is empty");
        }
        Map<Integer, PrivateRedisServer> owners;
        try (NodeConnections connections = new NodeConnections()) {
            owners = selfClaimedOwners(connections);
        }
        long start = System.nanoTime();
        for (int slot = from; slot <= to; slot++) {
            PrivateRedisServer source = owners.get(slot);
            if (source == null) {
                throw noOwner(slot);
            }
            if (!source.equals(target)) {
                SlotMigration.begin(this, slot, source, target).complete();
            }
        }
        try (NodeConnections connections = new NodeConnections()) {
            awaitStable(connections, "every node to see slots " + from + ".." + to + " at " + target,
                    operationTimeout(), () -> {
                        int[] view = anyView(connections).slotOwners();
                        for (int slot = from; slot <= to; slot++) {
                            if (view[slot] != target.port()) {
                                return "slot " + slot + " is served by port " + view[slot];
                            }
                        }
                        return null;
                    });
        }
        LOG.debug("moved slots {}..{} to {} in {} ms", from, to, target, elapsedMillis(start));
    }

    /** {@link #migrateSlots} in a daemon thread of its own, e.g. while the test's workload writes. */
    public CompletableFuture<Void> migrateSlotsInBackground(int from, int to, PrivateRedisServer target) {
        return CompletableFuture.runAsync(() -> migrateSlots(from, to, target), task -> {
            Thread thread = new Thread(task, "private-redis-cluster-migration-" + from + "-" + to);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Returns once the cluster is stable (see the class comment), e.g. after a test killed or resumed a node. */
    public void awaitStable() {
        try (NodeConnections connections = new NodeConnections()) {
            awaitStable(connections, "the cluster to be stable", operationTimeout(), () -> null);
        }
    }

    /** {@code FLUSHALL} on every running primary (their replicas follow). */
    public void flushAll() {
        forEachPrimary(Jedis::flushAll);
    }

    /** The number of keys on all running primaries together. */
    public long keyCount() {
        return forEachPrimary(Jedis::dbSize).stream().mapToLong(Long::longValue).sum();
    }

    /** The keys matching a glob on all running primaries, sorted ({@code SCAN} of each primary). */
    public List<String> keys(String pattern) {
        ScanParams params = new ScanParams().match(pattern).count(1000);
        List<List<String>> perPrimary = forEachPrimary(jedis -> {
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return keys;
        });
        return List.copyOf(perPrimary.stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Kills every node and deletes their directories. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PrivateRedisServer node : nodes) {
            node.kill(); // no orderly shutdown needed: nothing is kept
            node.close();
        }
    }

    @Override
    public String toString() {
        return "PrivateRedisCluster[" + seeds() + "]";
    }

    // ---- for SlotMigration ----

    /** How long a failover, rejoin or slot move may take: generous against a busy machine. */
    Duration operationTimeout() {
        return Duration.ofSeconds(20).plus(nodeTimeout.multipliedBy(5));
    }

    /** The running primaries in their own eyes (a replica's view may lag behind a slot move). */
    List<PrivateRedisServer> runningPrimaries(NodeConnections connections) {
        List<PrivateRedisServer> primaries = new ArrayList<>();
        for (PrivateRedisServer node : nodes) {
            if (node.isServing() && ClusterView.parse(connections.call(node, Jedis::clusterNodes)).myself().isPrimary()) {
                primaries.add(node);
            }
        }
        return primaries;
    }

    void awaitStable(NodeConnections connections, String what, Duration timeout, Supplier<String> extra) {
        try {
            Poll.until(what, timeout, () -> {
                String problem = instability(connections);
                return problem != null ? problem : extra.get();
            });
        } catch (IllegalStateException e) {
            // What the nodes logged about it (elections, votes, sync) is the only way to tell why afterwards.
            throw new IllegalStateException(e.getMessage() + "\nthe nodes' logs end with:\n" + nodes.stream()
                    .filter(PrivateRedisServer::isRunning)
                    .map(node -> node + ":\n" + node.logTail())
                    .collect(Collectors.joining("\n")), e);
        }
    }

    // ---- internals ----

    private PrivateRedisServer node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of this cluster on port " + port));
    }

    /** What keeps the cluster from being stable, or null (see the class comment). */
    private String instability(NodeConnections connections) {
        int[] reference = null;
        Map<Integer, Integer> referenceRoles = null;
        PrivateRedisServer referenceNode = null;
        List<PrivateRedisServer> serving = nodes.stream().filter(PrivateRedisServer::isServing).toList();
        for (PrivateRedisServer node : serving) {
            String info = connections.call(node, Jedis::clusterInfo);
            if (!info.contains("cluster_state:ok")) {
                return node + " says cluster_state:fail";
            }
            ClusterView view = ClusterView.parse(connections.call(node, Jedis::clusterNodes));
            // Roles travel by gossip, later than slots: a node that still takes a replica for a primary refuses
            // it its vote in the next failover. So every node must see every running node in the same role.
            Map<Integer, Integer> roles = new HashMap<>();
            for (PrivateRedisServer other : serving) {
                ClusterView.Entry entry = view.byPort(other.port()).orElse(null);
                if (entry == null || entry.inTrouble()) {
                    return node + " sees " + other + " as " + (entry == null ? "unknown" : entry.flags());
                }
                roles.put(other.port(), entry.isReplica()
                        ? view.byId(entry.primaryId()).map(ClusterView.Entry::port).orElse(-1) : 0);
            }
            if (referenceRoles == null) {
                referenceRoles = roles;
            } else if (!referenceRoles.equals(roles)) {
                return referenceNode + " sees the roles (port: its primary's port, 0 for a primary) " + referenceRoles
                        + ", " + node + " sees " + roles;
            }
            int[] owners = view.slotOwners();
            for (int slot = 0; slot < SLOTS; slot++) {
                if (owners[slot] < 0) {
                    return node + " sees no primary for slot " + slot;
                }
                if (!node(owners[slot]).isServing()) {
                    return node + " sees slot " + slot + " at the stopped " + node(owners[slot]);
                }
            }
            if (reference == null) {
                reference = owners;
                referenceNode = node;
            } else if (!Arrays.equals(reference, owners)) {
                int slot = Arrays.mismatch(reference, owners);
                return referenceNode + " sees slot " + slot + " at port " + reference[slot] + ", " + node
                        + " at port " + owners[slot];
            }
            if (view.myself().isReplica()
                    && !connections.call(node, j -> j.info("replication")).contains("master_link_status:up")) {
                return "replica " + node + " is not in sync with its primary";
            }
        }
        return null;
    }

    /** Null once {@code slot} is served by {@code newOwner} and the running {@code oldOwner} is its replica. */
    private String ownerProblem(NodeConnections connections, int slot, PrivateRedisServer newOwner,
            PrivateRedisServer oldOwner) {
        ClusterView view = ClusterView.parse(connections.call(newOwner, Jedis::clusterNodes));
        if (view.slotOwners()[slot] != newOwner.port()) {
            return "slot " + slot + " is still served by port " + view.slotOwners()[slot];
        }
        if (oldOwner.isServing() && !view.byPort(oldOwner.port()).map(ClusterView.Entry::isReplica).orElse(false)) {
            return oldOwner + " is not a replica yet";
        }
        return null;
    }

    private ClusterView anyView(NodeConnections connections) {
        for (PrivateRedisServer node : nodes) {
            if (node.isServing()) {
                return ClusterView.parse(connections.call(node, Jedis::clusterNodes));
            }
        }
        throw new IllegalStateException("no node of " + this + " is running");
    }

    /** Slot to the running primary whose own {@code CLUSTER NODES} line claims it. */
    private Map<Integer, PrivateRedisServer> selfClaimedOwners(NodeConnections connections) {
        Map<Integer, PrivateRedisServer> owners = new HashMap<>();
        for (PrivateRedisServer node : nodes) {
            if (node.isServing()) {
                ClusterView.Entry self = ClusterView.parse(connections.call(node, Jedis::clusterNodes)).myself();
                if (self.isPrimary()) {
                    self.slots().stream().forEach(slot -> owners.put(slot, node));
                }
            }
        }
        return owners;
    }

    private int firstSlot(NodeConnections connections, PrivateRedisServer primary) {
        nodeId(primary);
        if (!primary.isServing()) {
            throw new IllegalStateException(primary + " is not running");
        }
        ClusterView.Entry self = ClusterView.parse(connections.call(primary, Jedis::clusterNodes)).myself();
        if (!self.isPrimary() || self.slots().isEmpty()) {
            throw new IllegalArgumentException(primary + " is not a primary serving slots");
        }
        return self.slots().nextSetBit(0);
    }

    private <T> List<T> forEachPrimary(Function<Jedis, T> command) {
        try (NodeConnections connections = new NodeConnections()) {
            List<T> results = new ArrayList<>();
            for (PrivateRedisServer primary : runningPrimaries(connections)) {
                results.add(connections.call(primary, command));
            }
            return results;
        }
    }

    private static IllegalStateException noOwner(int slot) {
        return new IllegalStateException("no running primary serves slot " + slot);
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is not in 0.." + (SLOTS - 1));
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
