package io.writethrough.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Jedis's pooled connections, except that a broken connection is not replaced on the spot. commons-pool 2.13 opens
 * the replacement inside {@code invalidateObject}, on the thread whose command just failed: under a stalled Redis
 * that thread then waits a second timeout in the new connection's handshake. Here connections open only when a
 * command needs one.
 */
final class OnDemandConnectionProvider implements ConnectionProvider {

    private final ConnectionPool pool;

    OnDemandConnectionProvider(HostAndPort server, JedisClientConfig config, GenericObjectPoolConfig<Connection> poolConfig) {
        this.pool = new ConnectionPool(server, config, poolConfig) {
            @Override
            public void addObject() {
                // Never ahead of demand (minIdle is 0, so this is only the refill after an invalidation).
            }
        };
    }

    @Override
    public Connection getConnection() {
        return pool.getResource();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return pool.getResource();
    }

    @Override
    public void close() {
        pool.close();
    }
}
