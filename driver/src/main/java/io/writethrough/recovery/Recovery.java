package io.writethrough.recovery;

import io.writethrough.dialect.Dialect;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.RedisWriter;
import io.writethrough.write.Housekeeping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery for one database and the Redis a configuration writes to: resolves ownership marks that their
 * transactions left behind ({@link OrphanSweep}) and refills keys whose value could not be decided at undo time
 * ({@link RowRefill}); and it drops committed transactions' marks when their connection goes idle. It sweeps when
 * {@link #start(boolean)} is called (the first connection to the database), every {@code recovery.interval.ms} (further
 * apart on a large keyspace, and in turns with the configuration's other instances: {@link SweepSchedule}), and on
 * demand ({@link #recoverNow()}); refills run shortly after they are asked for.
 * All of it runs on one daemon thread with a database connection of its own, opened for each run.
 *
 * <p>See {@code docs/design.md}, "Recovery".
 */
public final class Recovery implements Housekeeping, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /**
     * Keys left pending (a row locked, a key owned, Redis failing) are tried again after this long, twice as long after
     * each try that refills none of them, up to {@link #REFILL_RETRY_MAX_MILLIS}: an outage or an orphaned mark the
     * sweep has yet to resolve costs a query every two seconds, not five a second.
     */
    private static final long REFILL_RETRY_MILLIS = 200;
    static final long REFILL_RETRY_MAX_MILLIS = 2_000;
    /** How long refills go on after {@link #close(Runnable)}; the keys still pending then wait for the next sweep. */
    static final long DRAIN_LIMIT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    /** Opens a connection to the real database (the real driver's, not a wrapper). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final RedisWriter redis;
    private final ConnectionSource connections;
    private final long intervalMillis;
    private final DriverMetrics metrics;
    private final OrphanSweep sweep;
    /** Whether this configuration's mapping renders a key, so that it can refill it. */
    private final Predicate<String> mapped;
    private final RowRefill refill;
    private final Set<String> toRefill = new LinkedHashSet<>();
    private final ScheduledThreadPoolExecutor thread;
    /** Set by {@link #close()}: a sweep under way stops at its next step. */
    private volatile boolean closing;
    /** When this instance runs the timed sweep. */
    private final SweepSchedule schedule;
    /** Guards {@link #timer} against {@link #close()}. */
    private final Object timerLock = new Object();
    /** The next timed sweep. */
    private ScheduledFuture<?> timer;
    /** Completed once closing and no refill is left (or the drain limit passed); the thread then ends. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile long drainDeadline;
    /** The pause before the next try of the keys left pending (guarded by this). */
    private long retryMillis = REFILL_RETRY_MILLIS;
    /** How long {@link #close(Runnable)} waits for the refills asked for before it leaves them to the background. */
    private long closeWaitMillis = TimeUnit.SECONDS.toMillis(10);

    /** @param metrics where the marks and keys it resolves are counted, by outcome */
    public Recovery(RedisWriter redis, Dialect dialect, MappingConfig config, String database, ConnectionSource connections,
            long intervalMillis, DriverMetrics metrics) {
        this.redis = redis;
        this.schedule = new SweepSchedule(redis, config, database, intervalMillis);
        this.connections = connections;
        this.intervalMillis = intervalMillis;
        this.metrics = metrics;
        this.mapped = key -> config.tables().stream().anyMatch(mapping -> mapping.key().decode(key) != null);
        this.sweep = new OrphanSweep(redis, dialect, database, () -> closing, mapped);
        this.refill = new RowRefill(redis, dialect, config, database);
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "writethrough-recovery");
            t.setDaemon(true);
            return t;
        });
        // Once drained after close(), nothing queued runs any more.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        redis.onUndecided(this::refill);
    }

    /**
     * Sweeps now in the background when {@code sweepNow} (a caller that sweeps at once itself passes false), then
     * every {@code recovery.interval.ms} (unless that is 0) or, after a long sweep, further apart; taking turns with the
     * other instances of the configuration ({@link SweepSchedule}).
     */
    public void start(boolean sweepNow) {
        if (sweepNow) {
            thread.execute(this::sweepQuietly);
        }
        if (intervalMillis > 0) {
            sweepAfter(intervalMillis);
        }
    }

    private void sweepAfter(long delayMillis) {
        synchronized (timerLock) {
            if (!closing) {
                timer = thread.schedule(this::timedSweep, delayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void timedSweep() {
        sweepOnTurn();
        sweepAfter(schedule.pauseMillis());
    }

    /** A timed sweep, if it is this instance's turn ({@link SweepSchedule#onTurn}); true when it swept. */
    boolean sweepOnTurn() {
        return schedule.onTurn(this::sweepQuietly);
    }

    /** The timed sweep's schedule. */
    SweepSchedule schedule() {
        return schedule;
    }

    /** Sweeps now, on the calling thread, and refills what it can; the keys left pending are retried shortly. */
    public SweepResult recoverNow() throws SQLException {
        return sweepAndRefill().result();
    }

    /** A sweep's counts, and how long its keyspace {@code SCAN} took (the length {@link SweepSchedule} paces by). */
    private record Swept(SweepResult result, long scanNanos) {
    }

    private synchronized Swept sweepAndRefill() throws SQLException {
        long started = metrics.startTime();
        try (Connection real = open()) {
            OrphanSweep.Tally tally = sweep.run(real);
            metrics.orphansResolved(DriverMetrics.Outcome.COMMITTED, tally.released);
            metrics.orphansResolved(DriverMetrics.Outcome.ABORTED, tally.restored);
            refill(tally.undecided);
            // Refills asked for by undos of any process, this one's or one that died before it could refill them.
            refill(redis.refillSets().members(tally.refillSets).stream().filter(mapped).toList());
            long[] filled = {0};
            List<String> pending = refillPending(real, filled);
            return new Swept(new SweepResult(tally.marks, tally.live, tally.released, tally.restored, filled[0],
                    pending.size()), tally.scanNanos);
        } finally {
            metrics.sweepTimeSince(started);
        }
    }

    @Override
    public void refill(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        synchronized (toRefill) {
            toRefill.addAll(keys);
        }
        later(this::refillQuietly, 0);
    }

    @Override
    public void later(Runnable task, long delayMillis) {
        try {
            thread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Drained after close: only a deferred undo's undecided keys arrive this late (see close).
            int left;
            synchronized (toRefill) {
                left = toRefill.size();
                toRefill.clear();
            }
            if (left > 0) {
                LOG.warn("writethrough: {} Redis key(s) whose value an undo could not decide were not refilled: this "
                        + "configuration's connections are all closed. They are missing from Redis until the next "
                        + "recovery sweep of a driver instance refills them (writethrough:refill)", left);
            }
        }
    }

    /** Sweeps, logging what it did or why it failed; answers how long its {@code SCAN} took (ms; 0 when it failed). */
    private long sweepQuietly() {
        try {
            Swept swept = sweepAndRefill();
            SweepResult result = swept.result();
            if (result.released() + result.restored() + result.refilled() > 0) {
                LOG.info("writethrough: recovery sweep: {}", result);
            }
            return TimeUnit.NANOSECONDS.toMillis(swept.scanNanos());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("writethrough: recovery sweep failed ({}); it runs again in {} ms or more", e.getMessage(),
                    intervalMillis);
            return 0;
        }
    }

    private synchronized void refillQuietly() {
        boolean waiting;
        synchronized (toRefill) {
            waiting = !toRefill.isEmpty();
        }
        if (waiting) {
            try (Connection real = open()) {
                refillPending(real, new long[1]);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("writethrough: refilling Redis keys from the database failed ({}); retrying in {} ms",
                        e.getMessage(), retryMillis);
                retryLater(false);
            }
        }
        if (closing) {
            finishIfDrained();
        }
    }

    /** After close: ends the thread once no refill is left, or gives the rest up at the drain limit. */
    private void finishIfDrained() {
        int left;
        synchronized (toRefill) {
            left = toRefill.size();
            if (left > 0 && System.currentTimeMillis() < drainDeadline) {
                return;
            }
            toRefill.clear();
        }
        if (left > 0) {
            LOG.warn("writethrough: gave up refilling {} Redis key(s) {} s after this configuration's connections "
                    + "closed. They are missing from Redis until the next recovery sweep of a driver instance refills "
                    + "them (writethrough:refill)", left, TimeUnit.MILLISECONDS.toSeconds(DRAIN_LIMIT_MILLIS));
        }
        thread.shutdown();
        drained.complete(null);
    }

    /** Refills every key waiting; returns those that must wait longer (and schedules their retry). */
    private List<String> refillPending(Connection real, long[] filled) throws SQLException {
        List<String> keys;
        synchronized (toRefill) {
            keys = new ArrayList<>(toRefill);
            toRefill.clear();
        }
        if (keys.isEmpty()) {
            return keys;
        }
        long before = filled[0];
        List<String> pending;
        try {
            pending = refill.refill(real, keys, filled);
        } catch (SQLException | RuntimeException e) {
            // Redis or the database failed (a failover, replicas behind): nothing was refilled for certain; try again.
            synchronized (toRefill) {
                toRefill.addAll(keys);
            }
            throw e;
        }
        metrics.orphansResolved(DriverMetrics.Outcome.REFILLED, filled[0] - before);
        if (!pending.isEmpty()) {
            synchronized (toRefill) {
                toRefill.addAll(pending);
            }
            retryLater(pending.size() < keys.size());
        }
        return pending;
    }

    /** Schedules the next try of the keys left pending; {@code progress}: the last try refilled some. */
    private void retryLater(boolean progress) {
        if (progress) {
            retryMillis = REFILL_RETRY_MILLIS;
        }
        later(this::refillQuietly, retryMillis);
        retryMillis = Math.min(2 * retryMillis, REFILL_RETRY_MAX_MILLIS);
    }

    /** For tests: the pause before the next try of the keys left pending. */
    synchronized long retryMillis() {
        return retryMillis;
    }

    private Connection open() throws SQLException {
        Connection real = connections.open();
        try {
            real.setClientInfo("ApplicationName", "writethrough-recovery");
        } catch (SQLException e) {
            // Only a label for pg_stat_activity.
        }
        return real;
    }

    /** For tests: how long {@link #close(Runnable)} waits before it leaves refills to the background. */
    Recovery closeWaitMillis(long millis) {
        this.closeWaitMillis = millis;
        return this;
    }

    /** {@link #close(Runnable)} with nothing to run after. */
    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * Stops the timer and a sweep under way. Keys waiting to be refilled are not dropped, as undos waiting for Redis
     * are not: they are refilled now, and this waits up to 10 s for that; any that must wait
     * longer (Redis is failing over, a row is locked, a transaction owns the key) go on in the background, for at most
     * {@link #DRAIN_LIMIT_MILLIS}, and {@code afterDrain} runs once none is left: the caller closes the Redis client
     * the refills use there.
     */
    public void close(Runnable afterDrain) {
        drainDeadline = System.currentTimeMillis() + DRAIN_LIMIT_MILLIS;
        drained.thenRun(afterDrain);
        synchronized (timerLock) {
            closing = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        try {
            thread.execute(this::refillQuietly);
        } catch (RejectedExecutionException e) {
            // A refill that ran as closing was set found nothing left and ended the thread: drained already.
        }
        try {
            drained.get(closeWaitMillis, TimeUnit.MILLISECONDS);
            thread.awaitTermination(closeWaitMillis, TimeUnit.MILLISECONDS); // shut down before drained completed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("writethrough: Redis keys still to refill from the database as the configuration closes; the "
                    + "recovery goes on refilling them in the background");
        }
    }
}
