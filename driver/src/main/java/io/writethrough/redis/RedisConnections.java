package io.writethrough.redis;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connections to one Redis server, and how long a call may wait for them.
 *
 * <h2>One timeout per call</h2>
 * A call takes a deadline ({@link #deadline()}: now plus {@code redis.timeout.ms}) and spends it on everything it
 * waits for: a free pooled connection, opening one (connect and handshake, each with the time left when it starts),
 * and the command's reply (the socket timeout is set to the time left before the command is written). Only a reply
 * from Redis gives the connection a new timeout, for the next round trip of the same call ({@link #replied}): a call
 * waits at most one timeout for a Redis that does not answer. Once Redis has left a call unanswered for a whole
 * timeout, calls stop waiting for it one after another: see {@link RedisSilence}.
 *
 * <h2>Connections that provably never carried the command</h2>
 * A pooled connection that was idle is checked for end-of-stream (or any stray byte) before it is used, without
 * waiting ({@link PooledConnection#closedByServer()}). A connection the server closed (it restarted, or shut down) is
 * then closed and another one taken or opened, so that the command is not written on it. A connection that cannot be
 * opened (refused, closed during the handshake) is tried once more. Failures before the command was written are thrown
 * as {@link NotSent}.
 *
 * <h2>The pool</h2>
 * At most {@code redis.pool.size} connections, idle ones reused newest first. A connection opens only when a call
 * needs one, on that call's thread and within its deadline; a broken one is closed and its place freed, so a call
 * waiting for a connection may open the replacement within its own deadline. (commons-pool, Jedis's pool, cannot keep
 * a deadline here: while other threads open connections its borrow waits for them, past the time asked for, and it
 * opens the replacement of a broken connection on the thread whose command just failed.) The undo retrier and the
 * probe each use a connection of their own outside the pool ({@link #background}), open only while they work, so
 * they never take a connection an application thread waits for.
 */
final class RedisConnections implements AutoCloseable {

    /** A connection idle at least this long is checked for end-of-stream before it is used. */
    static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Where the server is now (Sentinel: the master it names, asked again after {@link #reset()}). */
    private final Supplier<HostAndPort> server;
    /** TLS on each connection, or null. */
    private final TlsSockets tls;
    /** Credentials and database of each connection (the socket factory sets the timeouts itself). */
    private final JedisClientConfig config;
    private final int timeoutMillis;
    private final long timeoutNanos;
    /** The pool's size now: {@code redis.pool.size}, or, for {@code auto}, what the open JDBC connections need. */
    private final IntSupplier poolSize;
    private final RedisSilence silence;

    /** Guards {@link #idle}, {@link #open} and {@link #poolClosed}; {@link #freed} is signalled when either frees up. */
    private final ReentrantLock poolLock = new ReentrantLock();
    private final Condition freed = poolLock.newCondition();
    /** Idle connections, the most recently used first. */
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    /** Connections of the pool open or being opened, idle or in use. */
    private int open;
    private boolean poolClosed;
    /** Bumped by {@link #reset()}: a connection opened before is closed when given back. */
    private volatile int generation;

    /** The connection outside the pool, for background work. */
    private final BackgroundConnection background;

    RedisConnections(Supplier<HostAndPort> server, ClientOptions options, int timeoutMillis, IntSupplier poolSize) {
        this.server = server;
        this.tls = options.tlsSockets();
        this.config = options.config(timeoutMillis);
        this.timeoutMillis = timeoutMillis;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.poolSize = poolSize;
        this.silence = new RedisSilence(timeoutMillis, () -> open(System.nanoTime() + timeoutNanos).forceClose());
        this.background = new BackgroundConnection(() -> open(System.nanoTime() + timeoutNanos),
                connection -> connection.generation != generation, silence, timeoutMillis);
    }

    /** The redis.timeout.ms this was configured with. */
    int timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * The deadline of a call starting now.
     *
     * @throws NotSent at once while Redis is taken to be unresponsive (see {@link RedisSilence})
     */
    long deadline() {
        silence.check();
        return System.nanoTime() + timeoutNanos;
    }

    /** True while Redis is taken to be unresponsive (see {@link RedisSilence}); never waits. */
    boolean unresponsive() {
        return silence.unresponsive();
    }

    private PooledConnection open(long deadline) {
        PooledConnection connection = PooledConnection.open(server.get(), tls, config, deadline);
        connection.generation = generation;
        return connection;
    }

    /** The server this pool connects to now. */
    HostAndPort server() {
        return server.get();
    }

    /**
     * The server may have changed (a failover): idle connections close, connections in use close when given back, and
     * the next connection opens to wherever {@code server} says then.
     */
    void reset() {
        closeIdle(false);
    }

    /** Closes the idle connections; then connections in use close when given back. */
    private void closeIdle(boolean forGood) {
        List<PooledConnection> idled;
        poolLock.lock();
        try {
            if (forGood) {
                poolClosed = true;
            } else {
                generation++;
            }
            open -= idle.size();
            idled = List.copyOf(idle);
            idle.clear();
            freed.signalAll();
        } finally {
            poolLock.unlock();
        }
        idled.forEach(PooledConnection::forceClose);
    }

    // ---- the pool ---------------------------------------------------------------------------------------------

    /**
     * A pooled connection whose socket timeout is the time left before {@code deadline}; give it back with
     * {@link #giveBack}. An idle connection the server closed is closed, not handed out.
     *
     * @throws NotSent when none could be had or opened in time (a connection that could not be opened, refused say,
     *     is tried once more)
     */
    Connection borrow(long deadline) {
        boolean retried = false;
        while (true) {
            PooledConnection connection = take(deadline);
            if (connection != null) {
                if (System.nanoTime() - connection.idleSince >= CHECK_AFTER_IDLE_NANOS && connection.closedByServer()) {
                    // Closed by the server while idle (it restarted, or shut down): the command is not written on it.
                    discard(connection);
                    continue;
                }
            } else {
                if (deadline - System.nanoTime() <= 0) {
                    discard(null);
                    throw new NotSent("no time left within redis.timeout.ms (" + timeoutMillis + " ms) to open a Redis "
                            + "connection", null);
                }
                try {
                    connection = open(deadline);
                } catch (RuntimeException e) {
                    discard(null);
                    if (RedisSilence.timedOut(e)) {
                        silence.waitedInVain();
                    } else if (!retried && deadline - System.nanoTime() > 0) {
                        retried = true;
                        continue;
                    }
                    throw new NotSent("could not open a Redis connection: " + describe(e), e);
                }
                silence.heard();
            }
            try {
                connection.setSoTimeout(PooledConnection.millisLeft(deadline));
            } catch (RuntimeException e) {
                discard(connection);
                throw new NotSent("could not use a Redis connection: " + describe(e), e);
            }
            return connection;
        }
    }

    /**
     * An idle connection, or null when the caller is to open one (its place is counted); waits for either until the
     * deadline.
     */
    private PooledConnection take(long deadline) {
        poolLock.lock();
        try {
            while (true) {
                if (poolClosed) {
                    throw new NotSent("the Redis connections are closed", null);
                }
                PooledConnection connection = idle.pollFirst();
                if (connection != null) {
                    return connection;
                }
                int size = poolSize.getAsInt();
                if (open < size) {
                    open++;
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // Every connection stayed busy for the call's whole timeout.
                    silence.waitedInVain();
                    throw new NotSent("no Redis connection became free within redis.timeout.ms (" + timeoutMillis
                            + " ms; all " + size + " of redis.pool.size in use)", null);
                }
                try {
                    freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NotSent("interrupted while waiting for a Redis connection", e);
                }
            }
        } finally {
            poolLock.unlock();
        }
    }

    /** Closes a connection of the pool (null: one that could not be opened) and frees its place. */
    private void discard(PooledConnection connection) {
        if (connection != null) {
            connection.forceClose();
        }
        poolLock.lock();
        try {
            open--;
            freed.signal();
        } finally {
            poolLock.unlock();
        }
    }

    /** Back to the pool, or closed if it broke (a timeout, a connection error, an exchange cut short). */
    void giveBack(Connection given) {
        PooledConnection connection = (PooledConnection) given;
        if (connection.isBroken() || connection.generation != generation) {
            discard(connection);
            return;
        }
        connection.idleSince = System.nanoTime();
        poolLock.lock();
        try {
            if (!poolClosed) {
                idle.addFirst(connection);
                freed.signal();
                return;
            }
            open--;
        } finally {
            poolLock.unlock();
        }
        connection.forceClose();
    }

    /** The exception's class and message, and its cause's (a refused connect says so only in the cause). */
    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable cause = e.getCause();
        if (cause == null && e.getSuppressed().length > 0) {
            cause = e.getSuppressed()[0];
        }
        return cause == null || cause == e ? text
                : text + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    // ---- round trips ------------------------------------------------------------------------------------------

    /** One command and its reply on a borrowed connection; the reply (an error reply too) counts as {@link #replied}. */
    <T> T roundTrip(Connection connection, CommandObject<T> command) {
        T reply;
        try {
            reply = exchange(connection, command);
        } catch (JedisDataException e) {
            replied(connection);
            throw e;
        }
        replied(connection);
        return reply;
    }

    /** The command and its reply; a large one sent under a {@link SendDeadline}, its sending time given back. */
    private <T> T exchange(Connection connection, CommandObject<T> command) {
        long bytes = SendDeadline.bytesOf(command.getArguments());
        if (bytes < SendDeadline.GUARDED_BYTES) {
            return connection.executeCommand(command);
        }
        long sending = System.nanoTime();
        SendDeadline.guard(connection, bytes, connection.getSoTimeout(), () -> {
            connection.sendCommand(command.getArguments());
            if (connection instanceof PooledConnection pooled) {
                pooled.send();
            }
        });
        sent(connection, System.nanoTime() - sending);
        return command.getBuilder().build(connection.getOne());
    }

    /**
     * Sends every command, then reads every reply, an error reply as its exception (see {@link LuaScript#readReplies});
     * the time the sending took is given back to the first reply (see {@link #sent}).
     */
    List<Object> pipeline(Connection connection, List<CommandArguments> commands) {
        long sending = System.nanoTime();
        long bytes = 0;
        for (CommandArguments command : commands) {
            bytes += SendDeadline.bytesOf(command);
        }
        SendDeadline.guard(connection, bytes, connection.getSoTimeout(), () -> {
            for (CommandArguments command : commands) {
                connection.sendCommand(command);
            }
        });
        sent(connection, System.nanoTime() - sending);
        return LuaScript.readReplies(this, connection, commands.size());
    }

    /**
     * Redis answered on this connection: the next round trip of the same call gets a whole timeout again. Error
     * replies count (Redis answered).
     */
    void replied(Connection connection) {
        silence.heard();
        connection.setSoTimeout(timeoutMillis);
    }

    /**
     * A pipeline took {@code nanos} to send: Redis was reading it all along, so the first reply gets that time back
     * (up to a whole timeout).
     */
    void sent(Connection connection, long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (millis > 0) {
            connection.setSoTimeout((int) Math.min(timeoutMillis, connection.getSoTimeout() + millis));
        }
    }

    /** A round trip failed: a timeout may mean that Redis went silent ({@link RedisSilence#failed}). */
    void failed(JedisException e) {
        silence.failed(e);
    }

    // ---- background work ------------------------------------------------------------------------------------

    /** Runs background work (the undo retrier's) on the connection outside the pool: see {@link BackgroundConnection}. */
    <T> T background(BackgroundConnection.Exchange<T> exchange) {
        return background.run(exchange);
    }

    /** The background work is done for now: its connection closes (the next work opens it again). */
    void closeBackground() {
        background.closeConnection();
    }

    /** Closes the pool (connections in use close when given back) and the background connection; stops the probe. */
    @Override
    public void close() {
        silence.close();
        closeIdle(true);
        background.close();
    }

    /** The server, for messages. */
    @Override
    public String toString() {
        try {
            return String.valueOf(server.get());
        } catch (RuntimeException e) {
            return "(a server not known now)";
        }
    }

    /** The command was never written to Redis: it cannot have run. */
    static final class NotSent extends JedisConnectionException {

        private static final long serialVersionUID = 1L;

        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
