package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link OwnershipStore} on Redis: each operation is one Lua script call (atomic on the server, one round trip),
 * split into chunks of {@link OwnershipProtocol#CHUNK} entries only for very large statements, whose chunks go in one
 * pipeline. On a Redis Cluster an operation is one script call per hash slot its keys live in (every key a script
 * touches, the driver's own included, is in that slot: see {@link KeyLayout}), pipelined per primary, all primaries
 * at once (see {@link SlotDispatch}). Thread-safe; shared by every connection of one configuration.
 *
 * <p>Each application call (write, undo, release, reading back owners) runs on one pooled connection within one
 * {@code redis.timeout.ms}: see {@link RedisConnections}; so do the recovery's scans and refills. Deferred undos run
 * in the background on a connection outside the pool. A {@link RedisWriteException} says whether the failed command may
 * have run ({@link RedisWriteException#mayHaveRun()}).
 */
public final class RedisWriter implements OwnershipStore, AutoCloseable {

    private static final LuaScript WRITE = LuaScript.fromResources("entry.lua", "write.lua");
    private static final LuaScript UNDO = LuaScript.fromResources("undo.lua");
    private static final LuaScript RELEASE = LuaScript.fromResources("release.lua");
    private static final LuaScript OWNERS = LuaScript.fromResources("owners.lua");
    private static final LuaScript FILL = LuaScript.fromResources("entry.lua", "fill.lua");

    /** INFO and PING as Jedis builds them (RESP2, as the connections speak). */
    private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

    private final RedisNodes nodes;
    private final KeyLayout layout;
    /** The one server's pool; null on a cluster. */
    private final RedisConnections connections;
    /** Runs a cluster's calls; null on one server. */
    private final SlotDispatch dispatch;
    /** Replicas that must have each write ({@code WAIT}), and how long the wait may take. */
    private final int waitReplicas;
    private final int waitMillis;
    private final UndoRetrier retrier;
    private final DriverMetrics metrics;
    /** Told the keys a deferred undo deleted because their value was undecided. */
    private volatile Consumer<List<String>> undecidedListener = keys -> { };
    private final RedisReader reader = new RedisReader(this);
    private boolean closed;
    /** {@link #close()} was called while undos waited for Redis: the retrier closes the client once they are done. */
    private boolean closeWhenDrained;

    private RedisWriter(RedisNodes nodes, int waitReplicas, DriverMetrics metrics) {
        this.nodes = nodes;
        this.layout = nodes.layout();
        boolean clustered = layout == KeyLayout.CLUSTER;
        this.connections = clustered ? null : nodes.forSlot(0);
        this.dispatch = clustered ? new SlotDispatch(nodes) : null;
        this.waitReplicas = waitReplicas;
        this.waitMillis = Math.max(1, nodes.timeoutMillis() / 2);
        this.metrics = metrics;
        this.retrier = new UndoRetrier(this::undoInBackground, this::closeIfAsked,
                TimeUnit.MILLISECONDS.toNanos(nodes.timeoutMillis()));
    }

    /**
     * Opens a pool of up to {@code poolSize} connections to the endpoint (and, while they work, one each for the undo
     * retrier and for the probe of a silent Redis); {@link #close()} closes them. {@code timeoutMillis} bounds each
     * call's wait for Redis. What it writes, undoes and fails at is reported to {@code metrics}.
     */
    public static RedisWriter connect(RedisEndpoint endpoint, int timeoutMillis, int poolSize, DriverMetrics metrics) {
        return connect(RedisTopology.standalone(endpoint), timeoutMillis, poolSize, metrics);
    }

    /**
     * Opens pools of up to {@code poolSize} connections to each server of the topology (one server, the master the
     * sentinels name, or each primary of a cluster); see {@link #connect(RedisEndpoint, int, int, DriverMetrics)}.
     */
    public static RedisWriter connect(RedisTopology topology, int timeoutMillis, int poolSize, DriverMetrics metrics) {
        return new RedisWriter(topology.open(timeoutMillis, poolSize), topology.waitReplicas(), metrics);
    }

    /** How the driver names its own keys on this Redis (a cluster's carry hash tags). */
    public KeyLayout layout() {
        return layout;
    }

    /** An application call's Redis work on its borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection);
    }

    /**
     * Runs an application call's work on one pooled connection, all within one deadline: the undos still waiting go
     * first when {@code drainFirst} (see {@link #drain}), then the marks of {@code releaseFirst} are dropped (a
     * release too large to ride along with a script call), then the work. A failure names {@code firstKey} and says
     * whether the work's command may have run: not when it failed before the command was written.
     */
    private <T> T call(String firstKey, int count, boolean drainFirst, Release releaseFirst, Work<T> work) {
        return call(connections, firstKey, count, drainFirst, releaseFirst, work);
    }

    /** {@link #call(String, int, boolean, Release, Work)} on one server's pool (a cluster: one primary's). */
    private <T> T call(RedisConnections node, String firstKey, int count, boolean drainFirst, Release releaseFirst,
            Work<T> work) {
        if (drainFirst && dispatch != null) {
            drainCluster(firstKey, count);
            drainFirst = false;
        }
        Connection connection;
        try {
            connection = node.borrow(node.deadline());
        } catch (JedisException e) {
            nodes.failed(node, e);
            throw failure(firstKey, count, e, false);
        }
        try {
            if (drainFirst) {
                drain(connection, firstKey, count);
            }
            if (!releaseFirst.keys().isEmpty()) {
                try {
                    releaseOn(connection, releaseFirst);
                } catch (JedisException e) {
                    throw wentFirstFailed(firstKey, count, "dropping the marks of the last committed transaction, "
                            + "which goes first,", e);
                }
            }
            try {
                return work.run(connection);
            } catch (JedisException e) {
                node.failed(e);
                nodes.failed(node, e);
                throw failure(firstKey, count, e, !(e instanceof RedisConnections.NotSent)
                        && !(e instanceof JedisDataException data && SlotDispatch.notRun(data)));
            }
        } catch (RuntimeException | Error e) {
            if (!(e instanceof RedisWriteException) && !(e instanceof JedisException)) {
                // Cut short by something unexpected: the connection may be out of step with its replies.
                connection.setBroken();
                metrics.redisError(DriverMetrics.RedisError.OTHER);
            }
            throw e;
        } finally {
            node.giveBack(connection);
        }
    }

    @Override
    public WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
            boolean[] capture, Release release) {
        String firstKey = writes.get(0).key();
        if (dispatch != null) {
            return writeToCluster(tx, xid, database, underSavepoint, writes, capture, release);
        }
        // A release too large to ride along with a script call is sent on its own first.
        Release alone = release.keys().size() > OwnershipProtocol.CHUNK ? release : Release.NONE;
        Release along = alone == Release.NONE ? release : Release.NONE;
        List<LuaScript.Call> calls = new ArrayList<>(1 + writes.size() / OwnershipProtocol.CHUNK);
        for (int from = 0; from < writes.size(); from += OwnershipProtocol.CHUNK) {
            int to = Math.min(writes.size(), from + OwnershipProtocol.CHUNK);
            calls.add(OwnershipProtocol.write(layout, 0, tx, xid, database, underSavepoint,
                    from == 0 ? along : Release.NONE, writes.subList(from, to), capture, from));
        }
        // A large statement's chunks go in one pipeline: still one round trip.
        long started = metrics.startTime();
        List<Object> replies;
        try {
            replies = call(firstKey, writes.size(), true, alone, connection -> calls.size() == 1 && waitReplicas == 0
                    ? List.of(WRITE.run(connections, connection, calls.get(0)))
                    : WRITE.runPipelined(connections, connection, calls, waitReplicas, waitMillis));
        } finally {
            metrics.redisTimeSince(started);
        }
        RedisMeters.written(metrics, writes);
        List<BeforeImage> images = new ArrayList<>();
        List<String> takenOver = new ArrayList<>(0);
        for (Object reply : replies) {
            OwnershipProtocol.readWriteReply(reply, images, takenOver);
        }
        return new WriteResult(images, takenOver);
    }

    @Override
    public List<String> undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish) {
        if (steps.isEmpty() && release.keys().isEmpty()) {
            return List.of();
        }
        if (dispatch != null) {
            return undoOnCluster(tx, steps, release, committedOwners, finish, true);
        }
        Release alone = release.keys().size() > OwnershipProtocol.CHUNK ? release : Release.NONE;
        Release along = alone == Release.NONE ? release : Release.NONE;
        return call(steps.isEmpty() ? release.keys().get(0) : steps.get(0).key(), steps.size(), true, alone,
                connection -> undoSteps(connection, tx, steps, along, committedOwners, finish));
    }

    /** A deferred undo, on the background connection (the retrier's thread). */
    private void undoInBackground(UndoRetrier.Deferred undo) {
        List<String> undecided;
        if (dispatch != null) {
            // A cluster's deferred undo uses the pools: a primary's background connection would serve one slot only.
            undecided = undoOnCluster(undo.tx(), undo.steps(), Release.NONE, undo.committedOwners(), undo.finish(), false);
            if (!undecided.isEmpty()) {
                undecidedListener.accept(undecided);
            }
            return;
        }
        try {
            undecided = connections.background(connection -> undoSteps(connection, undo.tx(), undo.steps(), Release.NONE,
                    undo.committedOwners(), undo.finish()));
        } catch (JedisException e) {
            throw failure(undo.steps().isEmpty() ? "?" : undo.steps().get(0).key(), undo.steps().size(), e, true);
        }
        if (!undecided.isEmpty()) {
            undecidedListener.accept(undecided);
        }
    }

    private List<String> undoSteps(Connection connection, String tx, List<UndoStep> steps, Release release,
            Collection<String> committedOwners, boolean finish) {
        List<String> undecided = new ArrayList<>(0);
        if (steps.isEmpty()) {
            // Only marks to drop (undo is not called with neither).
            releaseOn(connection, release);
            return undecided;
        }
        for (int from = 0; from < steps.size(); from += OwnershipProtocol.CHUNK) {
            int to = Math.min(steps.size(), from + OwnershipProtocol.CHUNK);
            List<UndoStep> chunk = steps.subList(from, to);
            metrics.undone(OwnershipProtocol.readUndoReply(UNDO.run(connections, connection, OwnershipProtocol.undo(layout,
                    0, tx, finish && to == steps.size(), from == 0 ? release : Release.NONE, committedOwners, chunk)),
                    undecided));
        }
        return undecided;
    }

    /**
     * Writes entries read from committed rows where no transaction owns the key (see {@code fill.lua}); returns how
     * many were written.
     */
    public long fill(List<EntryWrite> writes) {
        if (dispatch != null) {
            List<SlotDispatch.SlotCall> calls = new ArrayList<>();
            bySlot(writes, EntryWrite::key).forEach((slot, part) -> chunked(part, chunk -> calls.add(
                    new SlotDispatch.SlotCall(slot, FILL, OwnershipProtocol.fill(layout, chunk)))));
            long filled = 0;
            for (Object reply : onCluster(writes.get(0).key(), writes.size(), false, calls, 0)) {
                filled += (Long) reply;
            }
            return filled;
        }
        return call(writes.get(0).key(), writes.size(), false, Release.NONE, connection -> {
            long filled = 0;
            for (int from = 0; from < writes.size(); from += OwnershipProtocol.CHUNK) {
                List<EntryWrite> chunk = writes.subList(from, Math.min(writes.size(), from + OwnershipProtocol.CHUNK));
                filled += (Long) FILL.run(connections, connection, OwnershipProtocol.fill(layout, chunk));
            }
            return filled;
        });
    }

    /** A read-only call on one primary's pool (a cluster's scans, reads of one node's keys). */
    <T> T readOn(RedisConnections node, String firstKey, int count, Work<T> work) {
        return call(node, firstKey, count, false, Release.NONE, work);
    }

    RedisNodes nodes() {
        return nodes;
    }

    /** Reads of the keyspace (scans, entries, marks) on this writer's connections. */
    public RedisReader reader() {
        return reader;
    }

    @Override
    public List<String> takenOverFrom(String tx, List<String> keys) {
        if (dispatch != null) {
            List<SlotDispatch.SlotCall> calls = new ArrayList<>();
            bySlot(keys, key -> key).forEach((slot, part) -> chunked(part, chunk -> calls.add(
                    new SlotDispatch.SlotCall(slot, OWNERS, OwnershipProtocol.marksOf(layout, tx, chunk)))));
            List<String> owners = new ArrayList<>();
            for (Object reply : onCluster(keys.get(0), keys.size(), false, calls, 0)) {
                owners.addAll(OwnershipProtocol.readOwnersReply(reply));
            }
            return owners;
        }
        return call(keys.get(0), keys.size(), false, Release.NONE, connection -> {
            List<String> owners = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += OwnershipProtocol.CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + OwnershipProtocol.CHUNK));
                owners.addAll(OwnershipProtocol.readOwnersReply(OWNERS.run(connections, connection,
                        OwnershipProtocol.marksOf(layout, tx, chunk))));
            }
            return owners;
        });
    }

    @Override
    public void release(Release release) {
        List<String> keys = release.keys();
        if (keys.isEmpty()) {
            return;
        }
        if (dispatch != null) {
            List<SlotDispatch.SlotCall> calls = new ArrayList<>();
            addReleases(release, calls);
            onCluster(keys.get(0), keys.size(), true, calls, 0);
            return;
        }
        call(keys.get(0), keys.size(), true, Release.NONE, connection -> {
            releaseOn(connection, release);
            return null;
        });
    }

    private void releaseOn(Connection connection, Release release) {
        List<String> keys = release.keys();
        for (int from = 0; from < keys.size(); from += OwnershipProtocol.CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + OwnershipProtocol.CHUNK));
            RELEASE.run(connections, connection, OwnershipProtocol.marksOf(layout, release.tx(), chunk));
        }
    }

    @Override
    public void refuseWhileUnresponsive() {
        // A cluster's primaries each fail fast on their own (RedisConnections#deadline).
        if (connections != null && connections.unresponsive()) {
            throw new RedisWriteException("Redis write-through refused: Redis has not answered for over "
                    + connections.timeoutMillis() + " ms (redis.timeout.ms); no write is sent until it answers again",
                    null, null, false);
        }
    }

    @Override
    public boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        return retrier.defer(tx, steps, committedOwners, finish);
    }

    /**
     * The undos still waiting go first, on the caller's connection. If one fails, so does the command that wanted to
     * run (Redis is still unreachable) — without having been sent — and its error names that command's own keys.
     */
    private void drain(Connection connection, String firstKey, int count) {
        try {
            retrier.drain(undo -> {
                List<String> undecided = undoSteps(connection, undo.tx(), undo.steps(), Release.NONE,
                        undo.committedOwners(), undo.finish());
                if (!undecided.isEmpty()) {
                    undecidedListener.accept(undecided);
                }
            });
        } catch (JedisException e) {
            throw wentFirstFailed(firstKey, count, "the undo of an earlier rolled-back transaction, which must reach "
                    + "Redis first,", e);
        }
    }

    /** What had to go first failed ({@code what}): the command itself was not sent. */
    private RedisWriteException wentFirstFailed(String firstKey, int count, String what, JedisException e) {
        if (connections != null) {
            connections.failed(e);
        }
        metrics.redisError(RedisMeters.kind(e));
        return new RedisWriteException("Redis write-through failed for key " + which(firstKey, count) + ": " + what
                + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", firstKey, e, false);
    }

    /**
     * Counts the failed call and names the key (and how many more the call carried) and the cause; Jedis's messages
     * carry no credentials.
     */
    private RedisWriteException failure(String firstKey, int count, JedisException e, boolean mayHaveRun) {
        metrics.redisError(RedisMeters.kind(e));
        String cause = e instanceof RedisConnections.NotSent ? "before the command was sent: " + e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new RedisWriteException("Redis write-through failed for key " + which(firstKey, count) + ": " + cause,
                firstKey, e, mayHaveRun);
    }

    private static String which(String firstKey, int count) {
        return count > 1 ? "'" + firstKey + "' and " + (count - 1) + " more" : "'" + firstKey + "'";
    }

    /**
     * The server's {@code maxmemory-policy}, read from {@code INFO memory} (which managed services answer even where
     * {@code CONFIG} is disabled), or {@code null} when Redis cannot be asked now.
     */
    public String evictionPolicy() {
        String found = null;
        try {
            for (RedisConnections node : nodes.primaries()) {
                String info = call(node, "INFO memory", 1, false, Release.NONE,
                        connection -> node.roundTrip(connection, COMMANDS.info("memory")));
                for (String line : info.split("\r?\n")) {
                    if (line.startsWith("maxmemory_policy:")) {
                        String policy = line.substring("maxmemory_policy:".length()).trim();
                        // On a cluster, the first primary that may evict any key decides.
                        if (found == null || policy.startsWith("allkeys-")) {
                            found = policy;
                        }
                    }
                }
            }
            return found;
        } catch (RedisWriteException e) {
            return found;
        }
    }

    /**
     * Why this Redis is not healthy now, or null: a {@code PING} through the pool within {@code redis.timeout.ms}
     * failed (Redis silent, unreachable, refusing), or undos of rolled-back transactions still wait to reach it.
     */
    public String problem() {
        try {
            for (RedisConnections node : nodes.primaries()) {
                call(node, "PING", 1, false, Release.NONE, connection -> node.roundTrip(connection, COMMANDS.ping()));
            }
        } catch (RuntimeException e) {
            Throwable cause = e instanceof RedisWriteException && e.getCause() != null ? e.getCause() : e;
            return "PING failed: " + cause.getMessage();
        }
        int waiting = retrier.waiting();
        return waiting == 0 ? null : waiting + " undo(s) of rolled-back transactions still wait to reach Redis";
    }

    /** Where the keys a deferred undo could not decide go (the recovery's refill). */
    public void onUndecided(Consumer<List<String>> listener) {
        this.undecidedListener = listener;
    }

    /**
     * Closes the connections. Undos still waiting for Redis are not dropped: the connections then close once the
     * retrier has applied them.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!retrier.isEmpty()) {
            closeWhenDrained = true;
            return;
        }
        closed = true;
        nodes.close();
    }

    /** On the retrier's thread, once it has emptied its queue. */
    private synchronized void closeIfAsked() {
        if (connections != null) {
            connections.closeBackground();
        }
        if (closeWhenDrained) {
            closeWhenDrained = false;
            close();
        }
    }
    // ---- Redis Cluster: one script call per hash slot ------------------------------------------------------------

    private WriteResult writeToCluster(String tx, long xid, String database, boolean underSavepoint,
            List<EntryWrite> writes, boolean[] capture, Release release) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        // Release the last transaction's marks first, in their own calls: each in its slot's pipeline.
        addReleases(release, calls);
        int releases = calls.size();
        List<List<Integer>> indexesOfCall = new ArrayList<>();
        bySlot(indexes(writes.size()), i -> writes.get(i).key()).forEach((slot, part) -> chunked(part, chunk -> {
            List<EntryWrite> entries = new ArrayList<>(chunk.size());
            boolean[] captureOfChunk = new boolean[chunk.size()];
            for (int k = 0; k < chunk.size(); k++) {
                entries.add(writes.get(chunk.get(k)));
                captureOfChunk[k] = capture[chunk.get(k)];
            }
            calls.add(new SlotDispatch.SlotCall(slot, WRITE, OwnershipProtocol.write(layout, slot, tx, xid, database,
                    underSavepoint, Release.NONE, entries, captureOfChunk, 0)));
            indexesOfCall.add(chunk);
        }));
        long started = metrics.startTime();
        List<Object> replies;
        try {
            replies = onCluster(writes.get(0).key(), writes.size(), true, calls, waitReplicas);
        } finally {
            metrics.redisTimeSince(started);
        }
        RedisMeters.written(metrics, writes);
        BeforeImage[] captured = new BeforeImage[writes.size()];
        List<String> takenOver = new ArrayList<>(0);
        for (int c = 0; c < indexesOfCall.size(); c++) {
            List<BeforeImage> images = new ArrayList<>();
            OwnershipProtocol.readWriteReply(replies.get(releases + c), images, takenOver);
            int next = 0;
            for (int i : indexesOfCall.get(c)) {
                if (capture[i]) {
                    captured[i] = images.get(next++);
                }
            }
        }
        List<BeforeImage> images = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            if (capture[i]) {
                images.add(captured[i]);
            }
        }
        return new WriteResult(images, takenOver);
    }

    private List<String> undoOnCluster(String tx, List<UndoStep> steps, Release release,
            Collection<String> committedOwners, boolean finish, boolean drainFirst) {
        List<SlotDispatch.SlotCall> calls = new ArrayList<>();
        addReleases(release, calls);
        int releases = calls.size();
        bySlot(steps, UndoStep::key).forEach((slot, part) -> chunked(part, chunk -> calls.add(new SlotDispatch.SlotCall(
                slot, UNDO, OwnershipProtocol.undo(layout, slot, tx,
                        finish && chunk.get(chunk.size() - 1) == part.get(part.size() - 1), Release.NONE,
                        committedOwners, chunk)))));
        String firstKey = steps.isEmpty() ? release.keys().get(0) : steps.get(0).key();
        List<Object> replies = onCluster(firstKey, steps.size(), drainFirst, calls, 0);
        List<String> undecided = new ArrayList<>(0);
        for (int c = releases; c < replies.size(); c++) {
            metrics.undone(OwnershipProtocol.readUndoReply(replies.get(c), undecided));
        }
        return undecided;
    }

    /** Release calls for a committed transaction's marks, one per slot (chunked). */
    private void addReleases(Release release, List<SlotDispatch.SlotCall> calls) {
        if (release.keys().isEmpty()) {
            return;
        }
        bySlot(release.keys(), key -> key).forEach((slot, part) -> chunked(part, chunk -> calls.add(
                new SlotDispatch.SlotCall(slot, RELEASE, OwnershipProtocol.marksOf(layout, release.tx(), chunk)))));
    }

    /**
     * Runs a cluster operation's calls, the waiting undos first when {@code drainFirst}; a failure names
     * {@code firstKey} and says whether the calls may have run.
     */
    private List<Object> onCluster(String firstKey, int count, boolean drainFirst, List<SlotDispatch.SlotCall> calls,
            int replicas) {
        if (drainFirst) {
            drainCluster(firstKey, count);
        }
        if (calls.isEmpty()) {
            return List.of();
        }
        try {
            return dispatch.run(calls, replicas, waitMillis);
        } catch (JedisException e) {
            throw failure(firstKey, count, e, !(e instanceof RedisConnections.NotSent));
        } catch (RuntimeException e) {
            metrics.redisError(DriverMetrics.RedisError.OTHER);
            throw e;
        }
    }

    /** The undos still waiting go first (see {@link #drain}). */
    private void drainCluster(String firstKey, int count) {
        if (retrier.isEmpty()) {
            return;
        }
        try {
            retrier.drain(undo -> {
                List<String> undecided = undoOnCluster(undo.tx(), undo.steps(), Release.NONE, undo.committedOwners(),
                        undo.finish(), false);
                if (!undecided.isEmpty()) {
                    undecidedListener.accept(undecided);
                }
            });
        } catch (RedisWriteException e) {
            metrics.redisError(DriverMetrics.RedisError.OTHER);
            throw new RedisWriteException("Redis write-through failed for key " + which(firstKey, count) + ": the undo "
                    + "of an earlier rolled-back transaction, which must reach Redis first, failed (" + e.getMessage()
                    + ")", firstKey, e, false);
        }
    }

    /** The items grouped by the hash slot of their key: slots in order of first appearance, items in order. */
    private <T> Map<Integer, List<T>> bySlot(List<T> items, Function<T, String> key) {
        Map<Integer, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(layout.slotOf(OwnershipProtocol.bytes(key.apply(item))), s -> new ArrayList<>())
                    .add(item);
        }
        return groups;
    }

    private static <T> void chunked(List<T> items, Consumer<List<T>> chunk) {
        for (int from = 0; from < items.size(); from += OwnershipProtocol.CHUNK) {
            chunk.accept(items.subList(from, Math.min(items.size(), from + OwnershipProtocol.CHUNK)));
        }
    }

    private static List<Integer> indexes(int count) {
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indexes.add(i);
        }
        return indexes;
    }
}
