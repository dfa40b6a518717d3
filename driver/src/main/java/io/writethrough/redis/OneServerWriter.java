package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link RedisWriter} of one server (standalone, or the master Sentinel names): every operation on one pooled
 * connection, the undos still waiting first, then the marks of the connection's last committed transaction (riding
 * along with the script call when few), then the script calls, pipelined when a statement is large. Deferred undos
 * run in the background on a connection outside the pool.
 */
final class OneServerWriter extends RedisWriter {

    private final RedisConnections connections;

    OneServerWriter(RedisNodes nodes, int waitReplicas, DriverMetrics metrics) {
        super(nodes, waitReplicas, metrics);
        this.connections = nodes.forSlot(0);
    }

    /**
     * Runs an application call's work on one pooled connection, all within one deadline: the undos still waiting go
     * first when {@code drainFirst} (see {@link #drain}), then the marks of {@code releaseFirst} are dropped (a
     * release too large to ride along with a script call), then the work (see {@link RedisWriter#call}).
     */
    private <T> T call(String firstKey, int count, boolean drainFirst, Release releaseFirst, Work<T> work) {
        return call(firstKey, count, drainFirst, releaseFirst, false, work);
    }

    /** As above; {@code keep}: the work hands the connection on (see {@link RedisWriter#call}). */
    private <T> T call(String firstKey, int count, boolean drainFirst, Release releaseFirst, boolean keep,
            Work<T> work) {
        return call(connections, firstKey, count, keep, connection -> {
            if (drainFirst) {
                drain(connection, firstKey, count);
            }
            if (!releaseFirst.keys().isEmpty()) {
                try {
                    releaseOn(connection, releaseFirst);
                } catch (JedisException e) {
                    failedFirst(e);
                    throw wentFirstFailed(firstKey, count, "dropping the marks of the last committed transaction, "
                            + "which goes first,", e);
                }
            }
            return work.run(connection);
        });
    }

    @Override
    public WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        String firstKey = writes.get(0).key();
        // A release too large to ride along with a script call is sent on its own first.
        Release alone = release.keys().size() > OwnershipProtocol.CHUNK ? release : Release.NONE;
        Release along = alone == Release.NONE ? release : Release.NONE;
        List<LuaScript.Call> calls = writeCalls(tx, xid, database, underSavepoint, writes, capture, along);
        // A large statement's chunks go in one pipeline, with WAIT last when replicas must have them: one round trip.
        long started = metrics.startTime();
        List<Object> replies;
        try {
            replies = call(firstKey, writes.size(), true, alone, connection -> runAll(WRITE, connection, calls));
        } finally {
            metrics.redisTimeSince(started);
        }
        RedisMeters.written(metrics, writes);
        return OwnershipProtocol.readWriteReplies(replies);
    }

    /** A write's script calls: chunks of {@link OwnershipProtocol#CHUNK} entries, {@code along} with the first. */
    List<LuaScript.Call> writeCalls(String tx, long xid, String database, boolean underSavepoint,
            List<EntryWrite> writes, boolean[] capture, Release along) {
        List<LuaScript.Call> calls = new ArrayList<>(1 + writes.size() / OwnershipProtocol.CHUNK);
        inChunks(writes, (chunk, from) -> calls.add(OwnershipProtocol.write(layout, 0, tx, xid, database,
                underSavepoint, from == 0 ? along : Release.NONE, chunk, capture, from)));
        return calls;
    }

    /**
     * On one server (standalone, or the master Sentinel names) a transaction's writes are pipelined on one
     * connection: see {@link PipelinedWrites}.
     */
    @Override
    public Pipeline pipeline() {
        return new PipelinedWrites(this, connections, metrics);
    }

    /**
     * Borrows the connection of a transaction's pipeline and runs on it what goes first (as {@link #write} does),
     * then {@code first}, which sends the first write and returns the connection. Fails as a write would.
     */
    Connection openPipeline(String firstKey, int count, Release alone, Work<Connection> first) {
        return call(firstKey, count, true, alone, true, first);
    }

    @Override
    List<String> undoSteps(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        Release alone = release.keys().size() > OwnershipProtocol.CHUNK ? release : Release.NONE;
        Release along = alone == Release.NONE ? release : Release.NONE;
        return call(steps.isEmpty() ? release.keys().get(0) : steps.get(0).key(), steps.size(), true, alone,
                connection -> undoOn(connection, tx, steps, along, committedOwners, finish));
    }

    /** On the background connection (the retrier's thread). */
    @Override
    List<String> undoDeferred(UndoRetrier.Deferred undo) {
        try {
            return connections.background(connection -> undoOn(connection, undo.tx(), undo.steps(), Release.NONE,
                    undo.committedOwners(), undo.finish()));
        } catch (JedisException e) {
            // A failover seen from the background: the retrier's next try goes to the master the sentinels name now.
            nodes.failed(connections, e);
            throw failure(undo.steps().isEmpty() ? "?" : undo.steps().get(0).key(), undo.steps().size(), e, true);
        }
    }

    private List<String> undoOn(Connection connection, String tx, List<UndoStep> steps, Release release,
            Collection<String> committedOwners, boolean finish) {
        List<String> undecided = new ArrayList<>(0);
        if (steps.isEmpty()) {
            // Only marks to drop (undo is not called with neither).
            releaseOn(connection, release);
            return undecided;
        }
        List<LuaScript.Call> calls = new ArrayList<>(1 + steps.size() / OwnershipProtocol.CHUNK);
        inChunks(steps, (chunk, from) -> calls.add(OwnershipProtocol.undo(layout, 0, tx,
                finish && from + chunk.size() == steps.size(), from == 0 ? release : Release.NONE, committedOwners,
                chunk)));
        for (Object reply : runAll(UNDO, connection, calls)) {
            metrics.undone(OwnershipProtocol.readUndoReply(reply, undecided));
        }
        return undecided;
    }

    /**
     * Runs the calls in one round trip, and when replicas must have them ({@code redis.wait.replicas}) with a WAIT
     * last. Undos and fills wait as writes do: one a failover loses is as wrong as a lost write. A lost undo of a
     * savepoint leaves the new master a value its committing transaction does not hold, and a lost refill a miss.
     */
    private List<Object> runAll(LuaScript script, Connection connection, List<LuaScript.Call> calls) {
        return calls.size() == 1 && waitReplicas == 0
                ? List.of(script.run(connections, connection, calls.get(0)))
                : script.runPipelined(connections, connection, calls, waitReplicas, waitMillis);
    }

    @Override
    List<String> fill(List<EntryWrite> writes, LuaScript script) {
        List<LuaScript.Call> calls = new ArrayList<>(1 + writes.size() / OwnershipProtocol.CHUNK);
        inChunks(writes, (chunk, from) -> calls.add(OwnershipProtocol.fill(layout, chunk)));
        return call(writes.get(0).key(), writes.size(), false, Release.NONE,
                connection -> OwnershipProtocol.readFillReplies(runAll(script, connection, calls)));
    }

    @Override
    public long fillLockedRows(List<EntryWrite> writes) {
        return call(writes.get(0).key(), writes.size(), false, Release.NONE, connection -> {
            long[] filled = {0};
            inChunks(writes, (chunk, from) -> filled[0] += fillUnmarked(connection, chunk));
            return filled[0];
        });
    }

    /** A chunk of {@link #fillLockedRows}: plain commands (see {@link UnmarkedFill}); fill.lua when a mark stands. */
    private long fillUnmarked(Connection connection, List<EntryWrite> chunk) {
        List<byte[]> keys = new ArrayList<>(chunk.size());
        chunk.forEach(write -> keys.add(OwnershipProtocol.bytes(write.key())));
        if ((Long) connections.roundTrip(connection, UnmarkedFill.marksExist(layout, keys)) > 0) {
            return chunk.size() - OwnershipProtocol.readFillReplies(
                    runAll(FILL, connection, List.of(OwnershipProtocol.fill(layout, chunk)))).size();
        }
        List<CommandArguments> commands = UnmarkedFill.transaction(keys, chunk);
        if (waitReplicas > 0) {
            commands.add(SlotDispatch.waitCommand(waitReplicas, waitMillis));
        }
        List<Object> replies = connections.pipeline(connection, commands);
        Object waited = waitReplicas > 0 ? replies.remove(replies.size() - 1) : null;
        UnmarkedFill.checkReplies(replies);
        if (waitReplicas > 0) {
            SlotDispatch.checkReplicas(waited, waitReplicas, waitMillis, connections.server());
        }
        return chunk.size();
    }

    @Override
    public List<String> takenOverFrom(String tx, List<String> keys) {
        return call(keys.get(0), keys.size(), false, Release.NONE, connection -> {
            List<String> owners = new ArrayList<>();
            inChunks(keys, (chunk, from) -> owners.addAll(OwnershipProtocol.readOwnersReply(OWNERS.run(connections,
                    connection, OwnershipProtocol.marksOf(layout, tx, chunk)))));
            return owners;
        });
    }

    @Override
    public void release(Release release) {
        List<String> keys = release.keys();
        if (keys.isEmpty()) {
            return;
        }
        call(keys.get(0), keys.size(), true, Release.NONE, connection -> {
            releaseOn(connection, release);
            return null;
        });
    }

    private void releaseOn(Connection connection, Release release) {
        inChunks(release.keys(), (chunk, from) -> RELEASE.run(connections, connection,
                OwnershipProtocol.marksOf(layout, release.tx(), chunk)));
    }

    @Override
    public void refuseWhileUnresponsive() {
        if (connections.unresponsive()) {
            throw new RedisWriteException("Redis write-through refused: Redis has not answered for over "
                    + connections.timeoutMillis() + " ms (redis.timeout.ms); no write is sent until it answers again",
                    null, null, false);
        }
    }

    /**
     * The undos still waiting go first, on the caller's connection. If one fails, so does the command that wanted to
     * run (Redis is still unreachable) — without having been sent — and its error names that command's own keys.
     */
    private void drain(Connection connection, String firstKey, int count) {
        try {
            retrier.drain(undo -> undecided(undoOn(connection, undo.tx(), undo.steps(), Release.NONE,
                    undo.committedOwners(), undo.finish())));
        } catch (JedisException e) {
            failedFirst(e);
            throw wentFirstFailed(firstKey, count, "the undo of an earlier rolled-back transaction, which must reach "
                    + "Redis first,", e);
        }
    }

    /**
     * What went first failed on the caller's connection: the same bookkeeping as a failed command (the silence watch,
     * and a failover: after {@code READONLY} from a master turned replica the sentinels are asked again), or the
     * undo waiting first would meet the old master on every later call.
     */
    private void failedFirst(JedisException e) {
        connections.failed(e);
        nodes.failed(connections, e);
    }

    @Override
    void retrierIdle() {
        connections.closeBackground();
    }
}
