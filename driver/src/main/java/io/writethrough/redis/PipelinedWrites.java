package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.OwnershipStore.Release;
import io.writethrough.redis.OwnershipStore.Settlement;
import io.writethrough.redis.OwnershipStore.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One transaction's writes to one server, pipelined ({@link OwnershipStore.Pipeline}). The first send borrows a pooled
 * connection and runs on it what goes first, as any call does; each write's script calls are then written and flushed,
 * so that Redis runs them while the application goes on. The connection stays with the transaction until
 * {@link #settle()} reads every reply, followed by one {@code WAIT} when replicas must have the writes, and gives it
 * back. One connection, because Redis runs one connection's commands in the order sent: a later write of a key lands
 * after an earlier one, as the statements ran.
 */
final class PipelinedWrites implements OwnershipStore.Pipeline {

    private final OneServerWriter writer;
    private final RedisConnections connections;
    private final DriverMetrics metrics;
    /** The transaction's connection from its first send to its settle, or null. */
    private Connection held;
    private final List<Sent> sent = new ArrayList<>();
    /** Sending on the held connection failed: the replies outstanding are lost with it. */
    private RedisWriteException lost;
    /** This settle ran a call again after {@code NOSCRIPT}. */
    private boolean reran;

    /**
     * One send, as little of it as the replies need: how many script calls it made, its first key and entry count for
     * an error, and its metrics; its calls themselves only while {@link #keptEntries} allows (see {@link #send}).
     */
    private record Sent(int callCount, List<LuaScript.Call> calls, String firstKey, int count, Runnable written) {
    }

    /** Entries of the calls kept for a run again after {@code NOSCRIPT}: at most {@link OwnershipProtocol#CHUNK}. */
    private int keptEntries;
    /** About the bytes sent since the replies were last read: a frozen server stops reading once they fill its buffers. */
    private long unreadBytes;

    PipelinedWrites(OneServerWriter writer, RedisConnections connections, DriverMetrics metrics) {
        this.writer = writer;
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public void send(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        String firstKey = writes.get(0).key();
        // A release too large to ride along goes alone, first; a transaction's only release is with its first send.
        Release alone = held == null && release.keys().size() > OwnershipProtocol.CHUNK ? release : Release.NONE;
        List<LuaScript.Call> calls = writer.writeCalls(tx, xid, database, underSavepoint, writes, capture,
                alone == Release.NONE ? release : Release.NONE);
        if (held == null) {
            held = writer.openPipeline(firstKey, writes.size(), alone, connection -> sendAll(connection, calls));
        } else if (lost == null) {
            try {
                sendAll(held, calls);
            } catch (JedisException e) {
                lost = writer.failed(connections, firstKey, writes.size(), e, true);
                throw lost;
            }
        } else {
            throw lost;
        }
        // A server that lost the script since (SCRIPT FLUSH) answers NOSCRIPT: a call kept is run again then. The first
        // send is always kept (a write waited for at once is the only one); later ones within a bound, so that a long
        // transaction's writes do not stay in memory until its commit.
        boolean keep = sent.isEmpty() || keptEntries + writes.size() <= OwnershipProtocol.CHUNK;
        keptEntries += keep ? writes.size() : 0;
        sent.add(new Sent(calls.size(), keep ? calls : null, firstKey, writes.size(), RedisMeters.tally(metrics, writes)));
    }

    /**
     * Sends the calls and flushes them. On a connection that has not sent the write script yet the first goes as
     * {@code EVAL} with the whole script, which also loads it, so that {@code NOSCRIPT} comes only after a
     * {@code SCRIPT FLUSH}.
     */
    private Connection sendAll(Connection connection, List<LuaScript.Call> calls) {
        PooledConnection pooled = (PooledConnection) connection;
        unreadBytes += SendDeadline.bytesOfCalls(calls);
        SendDeadline.guard(pooled, unreadBytes, connections.timeoutMillis(), () -> {
            for (LuaScript.Call call : calls) {
                pooled.sendCommand(RedisWriter.WRITE.command(!pooled.writeScriptKnown, call).getArguments());
                pooled.writeScriptKnown = true;
            }
            pooled.send();
        });
        return connection;
    }

    @Override
    public Settlement settle() {
        if (held == null) {
            return Settlement.NONE;
        }
        Connection connection = held;
        held = null;
        WriteResult[] results = new WriteResult[sent.size()];
        RedisWriteException failure = lost;
        long started = metrics.startTime();
        int w = 0;
        try {
            if (lost == null) {
                failure = readReplies(connection, results);
            }
        } catch (JedisException e) {
            // Reading failed (a timeout, the connection lost): every reply not read yet is lost with it.
            w = firstUnread(results);
            failure = writer.failed(connections, sent.get(w).firstKey(), sent.get(w).count(), e, true);
        } catch (RuntimeException | Error e) {
            connection.setBroken();
            throw e;
        } finally {
            connections.giveBack(connection);
            metrics.redisTimeSince(started);
            sent.clear();
            keptEntries = 0;
            unreadBytes = 0;
            lost = null;
        }
        return new Settlement(Arrays.asList(results), failure);
    }

    /** Fills {@code results} from the replies, in order; returns the first failure, or null. */
    private RedisWriteException readReplies(Connection connection, WriteResult[] results) {
        int waits = writer.waitReplicas > 0 ? 1 : 0;
        if (waits > 0) {
            connection.sendCommand(SlotDispatch.waitCommand(writer.waitReplicas, writer.waitMillis));
        }
        int count = waits;
        for (Sent s : sent) {
            count += s.callCount();
        }
        connection.setSoTimeout(connections.timeoutMillis());
        List<Object> replies = LuaScript.readReplies(connections, connection, count);
        reran = false;
        RedisWriteException failure = null;
        int r = 0;
        for (int w = 0; w < sent.size(); w++) {
            Sent s = sent.get(w);
            List<Object> own = replies.subList(r, r + s.callCount());
            r += s.callCount();
            JedisDataException error = null;
            for (int i = 0; i < own.size(); i++) {
                if (own.get(i) instanceof JedisNoScriptException noScript) {
                    // The server lost the script (SCRIPT FLUSH): that call did not run, nor did the ones after it.
                    ((PooledConnection) connection).writeScriptKnown = false;
                    own.set(i, s.calls() == null ? noScript : runAgain(connection, s.calls().get(i)));
                }
                if (own.get(i) instanceof JedisDataException e && error == null) {
                    error = e;
                }
            }
            if (error != null) {
                RedisWriteException f = writer.failed(connections, s.firstKey(), s.count(), error,
                        !SlotDispatch.notRun(error) && !(error instanceof JedisNoScriptException));
                failure = failure == null || (!failure.mayHaveRun() && f.mayHaveRun()) ? f : failure;
                continue;
            }
            s.written().run();
            results[w] = OwnershipProtocol.readWriteReplies(own);
        }
        if (waits > 0 && failure == null) {
            // A call run again after the WAIT needs a WAIT of its own.
            Object waited = !reran ? replies.get(count - 1) : connections.roundTrip(connection, new CommandObject<>(
                    SlotDispatch.waitCommand(writer.waitReplicas, writer.waitMillis), BuilderFactory.RAW_OBJECT));
            try {
                SlotDispatch.checkReplicas(waited, writer.waitReplicas, writer.waitMillis, connections.server());
            } catch (JedisException e) {
                failure = writer.failed(connections, sent.get(0).firstKey(), count - waits, e, true);
            }
        }
        return failure;
    }

    /** A call the server answered with NOSCRIPT, run again (by EVAL, which loads the script); an error reply returned. */
    private Object runAgain(Connection connection, LuaScript.Call call) {
        reran = true;
        try {
            return RedisWriter.WRITE.run(connections, connection, call);
        } catch (JedisDataException e) {
            return e;
        }
    }

    private static int firstUnread(WriteResult[] results) {
        int w = 0;
        while (w < results.length - 1 && results[w] != null) {
            w++;
        }
        return w;
    }
}
