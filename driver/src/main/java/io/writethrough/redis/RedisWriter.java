package io.writethrough.redis;

import io.writethrough.metrics.DriverMetrics;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.ObjIntConsumer;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link OwnershipStore} on Redis: each operation is one Lua script call (atomic on the server, one round trip),
 * split into chunks of {@link OwnershipProtocol#CHUNK} entries only for very large statements, whose chunks go in one
 * pipeline. On one server see {@link OneServerWriter}; on a Redis Cluster an operation is one script call per hash slot
 * its keys live in, pipelined per primary, all primaries at once: see {@link ClusterWriter}. Thread-safe; shared by
 * every connection of one configuration.
 *
 * <p>Each application call (write, undo, release, reading back owners) waits for Redis at most one
 * {@code redis.timeout.ms}: see {@link RedisConnections}; so do the recovery's scans and refills. Undos that could not
 * reach Redis are retried in the background ({@link UndoRetrier}). A {@link RedisWriteException} says whether the
 * failed command may have run ({@link RedisWriteException#mayHaveRun()}).
 */
public abstract sealed class RedisWriter implements OwnershipStore, AutoCloseable permits OneServerWriter, ClusterWriter {

    static final LuaScript WRITE = LuaScript.fromResources("entry.lua", "write.lua");
    static final LuaScript UNDO = LuaScript.fromResources("undo.lua");
    static final LuaScript RELEASE = LuaScript.fromResources("release.lua");
    static final LuaScript OWNERS = LuaScript.fromResources("owners.lua");
    static final LuaScript FILL = LuaScript.fromResources("entry.lua", "fill.lua");
    static final LuaScript FILL_UNMARKED = LuaScript.fromResources("entry.lua", "fill_unmarked.lua", "fill.lua");

    /** INFO and PING as Jedis builds them (RESP2, as the connections speak). */
    private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

    final RedisNodes nodes;
    final KeyLayout layout;
    /** Replicas that must have each write ({@code WAIT}), and how long the wait may take. */
    final int waitReplicas;
    final int waitMillis;
    final UndoRetrier retrier;
    final DriverMetrics metrics;
    /** Told the keys a deferred undo deleted because their value was undecided. */
    private volatile Consumer<List<String>> undecidedListener = keys -> { };
    private final RedisReader reader = new RedisReader(this);
    private final RefillSets refillSets = new RefillSets(this);
    private final SweepTurns sweepTurns = new SweepTurns(this);
    private boolean closed;
    /** {@link #close()} was called while undos waited for Redis: the retrier closes the client once they are done. */
    private boolean closeWhenDrained;

    RedisWriter(RedisNodes nodes, int waitReplicas, DriverMetrics metrics) {
        this.nodes = nodes;
        this.layout = nodes.layout();
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
        return connect(topology, timeoutMillis, () -> poolSize, metrics);
    }

    /** Like {@link #connect(RedisTopology, int, int, DriverMetrics)}, with a pool size read each time it matters. */
    public static RedisWriter connect(RedisTopology topology, int timeoutMillis, IntSupplier poolSize, DriverMetrics metrics) {
        RedisNodes nodes = topology.open(timeoutMillis, poolSize);
        return topology.clustered() ? new ClusterWriter(nodes, topology.waitReplicas(), metrics)
                : new OneServerWriter(nodes, topology.waitReplicas(), metrics);
    }

    /** How the driver names its own keys on this Redis (a cluster's carry hash tags). */
    public KeyLayout layout() {
        return layout;
    }

    @Override
    public final List<String> undo(String tx, List<UndoStep> steps, Release release,
            Collection<String> committedOwners, boolean finish) {
        if (steps.isEmpty() && release.keys().isEmpty()) {
            return List.of();
        }
        return undoSteps(tx, steps, release, committedOwners, finish);
    }

    /** {@link #undo} with steps or marks to release. */
    abstract List<String> undoSteps(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners,
            boolean finish);

    /**
     * Writes entries read from committed rows where no transaction owns the key (see {@code fill.lua}); returns the
     * keys it left because a transaction owns them. Their owner decides what they hold: one that rolls back puts back
     * what it found, so a caller that must see the row's value in Redis looks again once the mark is gone.
     */
    public final List<String> fill(List<EntryWrite> writes) {
        return fill(writes, FILL);
    }

    /**
     * As {@link #fill}, for entries whose keys are all distinct, in fewer Redis commands when no key of a call has a
     * mark (see {@code fill_unmarked.lua}): what warming a whole table does. Returns how many entries were written.
     */
    public final long fillDistinct(List<EntryWrite> writes) {
        return writes.size() - fill(writes, FILL_UNMARKED).size();
    }

    /**
     * As {@link #fillDistinct}, for the entries of rows the caller holds share locks on, under a unique index on the
     * key's columns or some of them (what warming a table by pages does): on one server in plain commands, which cost Redis
     * about half of what the script does (see {@code UnmarkedFill}); on a cluster as {@link #fillDistinct}.
     */
    public long fillLockedRows(List<EntryWrite> writes) {
        return fillDistinct(writes);
    }

    /**
     * Hands {@code each} the items in chunks of {@link OwnershipProtocol#CHUNK} (one script call each), with the
     * offset of the chunk's first item.
     */
    static <T> void inChunks(List<T> items, ObjIntConsumer<List<T>> each) {
        for (int from = 0; from < items.size(); from += OwnershipProtocol.CHUNK) {
            each.accept(items.subList(from, Math.min(items.size(), from + OwnershipProtocol.CHUNK)), from);
        }
    }

    /** {@link #fill} by {@code script}: {@code fill.lua}, or the same behind {@code fill_unmarked.lua}. */
    abstract List<String> fill(List<EntryWrite> writes, LuaScript script);

    /** A deferred undo, on the retrier's thread; throws when Redis still fails. */
    abstract List<String> undoDeferred(UndoRetrier.Deferred undo);

    private void undoInBackground(UndoRetrier.Deferred undo) {
        undecided(undoDeferred(undo));
    }

    /** Keys an undo deleted because their value was undecided go to the recovery's refill. */
    void undecided(List<String> keys) {
        if (!keys.isEmpty()) {
            undecidedListener.accept(keys);
        }
    }

    /** An application call's Redis work on its borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection);
    }

    /**
     * Runs work on one pooled connection of {@code node}, within one deadline. A failure names {@code firstKey} (and
     * how many more keys the call carried) and says whether the work's command may have run: not when it failed
     * before the command was written, nor when Redis refused it unrun. A {@link RedisWriteException} the work throws
     * passes as it is.
     */
    <T> T call(RedisConnections node, String firstKey, int count, Work<T> work) {
        return call(node, firstKey, count, false, work);
    }

    /**
     * As {@link #call(RedisConnections, String, int, Work)}; {@code keep}: when the work succeeds the connection is
     * not given back, the work has handed it on (a transaction's pipeline, see {@link PipelinedWrites}).
     */
    <T> T call(RedisConnections node, String firstKey, int count, boolean keep, Work<T> work) {
        Connection connection;
        try {
            connection = node.borrow(node.deadline());
        } catch (JedisException e) {
            nodes.failed(node, e);
            throw failure(firstKey, count, e, false);
        }
        boolean kept = false;
        try {
            try {
                T result = work.run(connection);
                kept = keep;
                return result;
            } catch (JedisException e) {
                throw failed(node, firstKey, count, e, !(e instanceof RedisConnections.NotSent)
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
            if (!kept) {
                node.giveBack(connection);
            }
        }
    }

    /**
     * A command on {@code node} failed: the same bookkeeping for every call (the silence watch; after a failover the
     * topology is asked again), and the failure to throw.
     */
    RedisWriteException failed(RedisConnections node, String firstKey, int count, JedisException e, boolean mayHaveRun) {
        node.failed(e);
        nodes.failed(node, e);
        return failure(firstKey, count, e, mayHaveRun);
    }

    RedisNodes nodes() {
        return nodes;
    }

    /**
     * Every primary (one server: that one); a cluster whose slots cannot be learned fails as a call would, naming
     * {@code what}.
     */
    List<RedisConnections> primaries(String what) {
        return primaries(what, false);
    }

    /** As {@link #primaries(String)}; {@code current}: a cluster learns its slot map again first. */
    List<RedisConnections> primaries(String what, boolean current) {
        try {
            if (current) {
                nodes.refresh();
            }
            return nodes.primaries();
        } catch (JedisException e) {
            throw failure(what, 1, e, false);
        }
    }

    /** The server that holds {@code key}; a cluster whose slots cannot be learned fails as a call would. */
    RedisConnections serverOf(String key) {
        try {
            return nodes.forSlot(layout.slotOf(OwnershipProtocol.bytes(key)));
        } catch (JedisException e) {
            throw failure(key, 1, e, false);
        }
    }

    /** Reads of the keyspace (scans, entries, marks) on this writer's connections. */
    public RedisReader reader() {
        return reader;
    }

    /** The keys waiting in Redis for a refill (see {@code undo.lua}). */
    public RefillSets refillSets() {
        return refillSets;
    }

    /** The turns the instances of a configuration take at the timed recovery sweep. */
    public SweepTurns sweepTurns() {
        return sweepTurns;
    }

    @Override
    public boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        return retrier.defer(tx, steps, committedOwners, finish);
    }

    /** What had to go first failed ({@code what}): the command itself was not sent. */
    RedisWriteException wentFirstFailed(String firstKey, int count, String what, Exception e) {
        metrics.redisError(e instanceof JedisException jedis ? RedisMeters.kind(jedis) : DriverMetrics.RedisError.OTHER);
        return new RedisWriteException("Redis write-through failed for key " + which(firstKey, count) + ": " + what
                + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", firstKey, e, false);
    }

    /**
     * Counts the failed call and names the key (and how many more the call carried) and the cause; Jedis's messages
     * carry no credentials.
     */
    RedisWriteException failure(String firstKey, int count, JedisException e, boolean mayHaveRun) {
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
     * {@code CONFIG} is disabled), or {@code null} when Redis cannot be asked now. On a cluster, the first primary
     * that may evict any key decides.
     */
    public String evictionPolicy() {
        String found = null;
        try {
            for (RedisConnections node : primaries("INFO memory")) {
                String info = call(node, "INFO memory", 1, connection -> node.roundTrip(connection,
                        COMMANDS.info("memory")));
                for (String line : info.split("\r?\n")) {
                    if (line.startsWith("maxmemory_policy:")) {
                        String policy = line.substring("maxmemory_policy:".length()).trim();
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
     * failed (Redis silent, unreachable, refusing; on a cluster, any primary), or undos of rolled-back transactions
     * still wait to reach it.
     */
    public String problem() {
        try {
            for (RedisConnections node : primaries("PING")) {
                call(node, "PING", 1, connection -> node.roundTrip(connection, COMMANDS.ping()));
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

    /** The retrier has nothing left for now: the connection it used may close. */
    void retrierIdle() {
    }

    /** On the retrier's thread, once it has emptied its queue. */
    private synchronized void closeIfAsked() {
        retrierIdle();
        if (closeWhenDrained) {
            closeWhenDrained = false;
            close();
        }
    }
}
