package io.writethrough.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One connection per node, opened on first use and kept for the rest of one fixture operation (a failover, a
 * migration), so that polling several nodes every few milliseconds does not open a connection per question.
 * A connection that fails is dropped and opened again on the next call. Not thread-safe: one per operation.
 */
final class NodeConnections implements AutoCloseable {

    /** Short timeouts: every node is a local process; a slow answer means a paused or dying one. */
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int SOCKET_TIMEOUT_MS = 5_000;

    private final JedisClientConfig config;
    private final Map<PrivateRedisServer, Jedis> open = new LinkedHashMap<>();

    NodeConnections() {
        this(null, null);
    }

    /** Connections that authenticate as {@code user} (null: as nobody, the default user). */
    NodeConnections(String user, String password) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .autoNegotiateProtocol(false); // plain Jedis speaks RESP2 and warns on every connection otherwise
        if (user != null) {
            builder.user(user).password(password);
        }
        this.config = builder.build();
    }

    /** Runs {@code command} on {@code node}'s connection; a connection failure closes it and is rethrown. */
    <T> T call(PrivateRedisServer node, Function<Jedis, T> command) {
        Jedis jedis = open.computeIfAbsent(node, n -> new Jedis(new HostAndPort(n.host(), n.port()), config));
        try {
            return command.apply(jedis);
        } catch (JedisConnectionException e) {
            open.remove(node);
            jedis.close();
            throw e;
        }
    }

    @Override
    public void close() {
        open.values().forEach(Jedis::close);
        open.clear();
    }
}
