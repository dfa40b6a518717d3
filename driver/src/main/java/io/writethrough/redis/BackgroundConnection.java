package io.writethrough.redis;

import java.util.function.Predicate;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connection of a {@link RedisConnections} outside its pool, for background work (the undo retrier's): one piece
 * of work at a time, each round trip with a whole timeout, opened when needed and closed when the work is done for now
 * ({@link #closeConnection()}). Never used by application calls, so it never takes a connection one of them waits for.
 */
final class BackgroundConnection {

    /** Work on a connection. */
    @FunctionalInterface
    interface Exchange<T> {
        T run(Connection connection);
    }

    private final Supplier<PooledConnection> opener;
    /** True for a connection opened before the pool was reset (the server may have changed). */
    private final Predicate<PooledConnection> outdated;
    private final RedisSilence silence;
    private final int timeoutMillis;
    private final Object lock = new Object();
    /** Set under {@link #lock}. */
    private volatile PooledConnection connection;
    private volatile boolean closed;

    BackgroundConnection(Supplier<PooledConnection> opener, Predicate<PooledConnection> outdated, RedisSilence silence,
            int timeoutMillis) {
        this.opener = opener;
        this.outdated = outdated;
        this.silence = silence;
        this.timeoutMillis = timeoutMillis;
    }

    <T> T run(Exchange<T> exchange) {
        synchronized (lock) {
            if (closed) {
                throw new JedisConnectionException("the Redis connections are closed");
            }
            PooledConnection current = connection;
            if (current != null && (current.isBroken() || outdated.test(current) || current.closedByServer())) {
                current.forceClose();
                current = null;
            }
            if (current == null) {
                try {
                    current = opener.get();
                } catch (JedisException e) {
                    connection = null;
                    silence.failed(e);
                    throw e;
                }
                silence.heard();
            }
            connection = current;
            try {
                current.setSoTimeout(timeoutMillis);
                return exchange.run(current);
            } catch (JedisConnectionException e) {
                silence.failed(e);
                throw e;
            } catch (JedisException e) {
                throw e;
            } catch (RuntimeException e) {
                // Cut short: the connection may be out of step with its replies.
                current.setBroken();
                throw e;
            } finally {
                if (current.isBroken() || closed) {
                    current.forceClose();
                    connection = null;
                }
            }
        }
    }

    /** The work is done for now: the connection closes (the next work opens it again). */
    void closeConnection() {
        synchronized (lock) {
            PooledConnection current = connection;
            connection = null;
            if (current != null) {
                current.forceClose();
            }
        }
    }

    /** For good. Not under the lock: work waiting for Redis holds it; closing the socket ends that wait. */
    void close() {
        closed = true;
        PooledConnection current = connection;
        if (current != null) {
            current.forceClose();
        }
    }
}
