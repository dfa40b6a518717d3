package io.writethrough.redis;

import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis servers a writer talks to, each with its pool of connections ({@link RedisConnections}), and which of
 * them holds a key: one server (a standalone Redis, or the master Sentinel names) or the primaries of a Redis Cluster.
 */
abstract class RedisNodes implements AutoCloseable {

    /** How the driver names its own keys on these servers. */
    abstract KeyLayout layout();

    /** The pool of the server that serves {@code slot} (one server: the only one). */
    abstract RedisConnections forSlot(int slot);

    /** The pool of a server named in a redirection (a cluster's {@code ASK}); one server: the only one. */
    abstract RedisConnections at(HostAndPort server);

    /** Every primary, for what concerns them all: scans, health, the eviction policy. */
    abstract List<RedisConnections> primaries();

    /**
     * A call on {@code node} failed: the topology may have changed (a failover, a resharding), so where keys live is
     * learned again before the next call.
     */
    abstract void failed(RedisConnections node, JedisException e);

    /** Learns where the keys live again now (a cluster's slot map); one server: nothing to learn. */
    void refresh() {
    }

    /** Redis said {@code slot} now lives on {@code server} ({@code MOVED}); one server: never. */
    void moved(int slot, HostAndPort server) {
    }

    /** The {@code redis.timeout.ms} every pool was configured with. */
    abstract int timeoutMillis();

    @Override
    public abstract void close();

    /** True for a server that refused a write because it is a replica (a failover demoted it). */
    static boolean readOnly(JedisException e) {
        return e.getMessage() != null && e.getMessage().startsWith("READONLY");
    }

    /** One server: standalone, or the master a set of sentinels names (then asked again after a failure). */
    static final class OneServer extends RedisNodes {

        private final RedisConnections connections;
        private final SentinelMaster sentinel;

        OneServer(RedisConnections connections, SentinelMaster sentinel) {
            this.connections = connections;
            this.sentinel = sentinel;
        }

        @Override
        KeyLayout layout() {
            return KeyLayout.STANDALONE;
        }

        @Override
        RedisConnections forSlot(int slot) {
            return connections;
        }

        @Override
        RedisConnections at(HostAndPort server) {
            return connections;
        }

        @Override
        List<RedisConnections> primaries() {
            return List.of(connections);
        }

        @Override
        void failed(RedisConnections node, JedisException e) {
            if (sentinel != null && (e instanceof redis.clients.jedis.exceptions.JedisConnectionException || readOnly(e))) {
                // A failover: ask the sentinels again, and let no connection to the old master carry another command.
                sentinel.forget();
                connections.reset();
            }
        }

        @Override
        int timeoutMillis() {
            return connections.timeoutMillis();
        }

        @Override
        public void close() {
            connections.close();
        }
    }
}
