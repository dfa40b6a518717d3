package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The primaries of a Redis Cluster and which one serves each of the 16,384 hash slots, learned with {@code CLUSTER
 * SLOTS} from any node that answers (the seeds first time): again after a connection failure, a {@code READONLY} or
 * {@code CLUSTERDOWN} reply (a failover) or a {@code MOVED} (a resharding), at most every {@link #REFRESH_PAUSE_NANOS}
 * in between; a {@code MOVED} also moves its slot at once. Each primary has a pool of its own. Thread-safe.
 */
final class ClusterNodes extends RedisNodes {

    /** Two refreshes of the slot map are at least this far apart: a resharding's many MOVEDs cost one or two. */
    static final long REFRESH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final List<HostAndPort> seeds;
    private final ClientOptions options;
    /** TLS for the connections that learn the slots, or null. */
    private final TlsSockets tls;
    private final int timeoutMillis;
    private final IntSupplier poolSize;
    private final ConcurrentHashMap<HostAndPort, RedisConnections> pools = new ConcurrentHashMap<>();
    private final Object refreshLock = new Object();
    /** Slot to primary; replaced whole by a refresh, one element set by {@link #moved}. */
    private volatile HostAndPort[] slots;
    private volatile boolean stale = true;
    private long refreshedAt;
    private volatile boolean closed;

    ClusterNodes(List<HostAndPort> seeds, ClientOptions options, int timeoutMillis, IntSupplier poolSize) {
        this.seeds = List.copyOf(seeds);
        this.options = options;
        this.tls = options.tlsSockets();
        this.timeoutMillis = timeoutMillis;
        this.poolSize = poolSize;
    }

    @Override
    KeyLayout layout() {
        return KeyLayout.CLUSTER;
    }

    @Override
    RedisConnections forSlot(int slot) {
        HostAndPort[] map = current();
        HostAndPort server = map[slot];
        if (server == null) {
            throw new RedisConnections.NotSent("no node of the cluster serves hash slot " + slot, null);
        }
        return at(server);
    }

    @Override
    RedisConnections at(HostAndPort server) {
        RedisConnections pool = pools.get(server);
        if (pool != null) {
            return pool;
        }
        if (closed) {
            throw new RedisConnections.NotSent("the Redis connections are closed", null);
        }
        return pools.computeIfAbsent(server, s -> new RedisConnections(() -> s, options, timeoutMillis, poolSize));
    }

    @Override
    List<RedisConnections> primaries() {
        List<RedisConnections> primaries = new ArrayList<>();
        for (HostAndPort server : new LinkedHashSet<>(Arrays.asList(current()))) {
            if (server != null) {
                primaries.add(at(server));
            }
        }
        return primaries;
    }

    @Override
    void failed(RedisConnections node, JedisException e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterException || readOnly(e)) {
            stale = true;
        }
    }

    @Override
    void moved(int slot, HostAndPort server) {
        HostAndPort[] map = slots;
        if (map != null) {
            map[slot] = server;
        }
        stale = true;
    }

    /** Learns the slot map again unless that was just done (a resharding's many MOVEDs cost one or two). */
    @Override
    void refresh() {
        synchronized (refreshLock) {
            if (slots == null || System.nanoTime() - refreshedAt >= REFRESH_PAUSE_NANOS) {
                stale = true;
                current();
            }
        }
    }

    @Override
    int timeoutMillis() {
        return timeoutMillis;
    }

    /** The slot map, learned again first when it may be out of date. */
    private HostAndPort[] current() {
        HostAndPort[] map = slots;
        if (stale || map == null) {
            synchronized (refreshLock) {
                if (slots == null || stale && System.nanoTime() - refreshedAt >= REFRESH_PAUSE_NANOS) {
                    learnSlots();
                }
                map = slots;
            }
        }
        return map;
    }

    /** Asks the known primaries, then the seeds, for the slot map; the first that answers wins. */
    private void learnSlots() {
        Set<HostAndPort> candidates = new LinkedHashSet<>();
        if (slots != null) {
            Arrays.stream(slots).filter(s -> s != null).forEach(candidates::add);
        }
        candidates.addAll(seeds);
        candidates.addAll(pools.keySet());
        JedisException last = null;
        for (HostAndPort server : candidates) {
            try {
                slots = slotsFrom(server);
                stale = false;
                refreshedAt = System.nanoTime();
                dropPoolsNotIn(slots);
                return;
            } catch (JedisException | IllegalStateException e) {
                last = e instanceof JedisException j ? j : new JedisConnectionException(e.getMessage(), e);
            }
        }
        refreshedAt = System.nanoTime();
        throw new RedisConnections.NotSent("could not learn the cluster's hash slots from any of " + candidates
                + " (last: " + (last == null ? "none" : last.getMessage()) + ")", last);
    }

    private HostAndPort[] slotsFrom(HostAndPort server) {
        PooledConnection connection = PooledConnection.open(server, tls, options.config(timeoutMillis),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        try {
            List<?> ranges = (List<?>) connection.executeCommand(new CommandObject<>(
                    new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS"), BuilderFactory.RAW_OBJECT));
            HostAndPort[] map = new HostAndPort[KeySlots.COUNT];
            for (Object item : ranges) {
                List<?> range = (List<?>) item;
                int from = ((Long) range.get(0)).intValue();
                int to = ((Long) range.get(1)).intValue();
                List<?> primary = (List<?>) range.get(2);
                String host = new String((byte[]) primary.get(0), StandardCharsets.UTF_8);
                // An empty host means "the node you asked".
                HostAndPort owner = new HostAndPort(host.isEmpty() || host.equals("?") ? server.getHost() : host,
                        ((Long) primary.get(1)).intValue());
                Arrays.fill(map, from, to + 1, owner);
            }
            if (ranges.isEmpty()) {
                throw new IllegalStateException(server + " serves no hash slot (not a cluster yet?)");
            }
            return map;
        } finally {
            connection.forceClose();
        }
    }

    /** Closes the pools of servers that serve no slot any more (connections in use close when given back). */
    private void dropPoolsNotIn(HostAndPort[] map) {
        Set<HostAndPort> serving = new LinkedHashSet<>(Arrays.asList(map));
        pools.entrySet().removeIf(entry -> {
            if (serving.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(RedisConnections::close);
        pools.clear();
    }

    @Override
    public String toString() {
        return "Redis Cluster of seeds " + seeds;
    }
}
