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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery for one database and the Redis a configuration writes to: resolves ownership marks that their
 * transactions left behind ({@link OrphanSweep}) and refills keys whose value could not be decided at undo time
 * ({@link RowRefill}); and it drops committed transactions' marks when their connection goes idle. It sweeps when
 * {@link #start(boolean)} is called (the first connection to the database), every {@code recovery.interval.ms}, and on
 * demand ({@link #recoverNow()}); refills run shortly after they are asked for.
 * All of it runs on one daemon thread with a database connection of its own, opened for each run.
 *
 * <p>See {@code docs/design.md}, "Recovery".
 */
public final class Recovery implements Housekeeping, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** A refill that found a row locked is tried again after this long. */
    private static final long REFILL_RETRY_MILLIS = 200;

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
    private final RowRefill refill;
    private final Set<String> toRefill = new LinkedHashSet<>();
    private final ScheduledThreadPoolExecutor thread;
    /** Set by {@link #close()}: a sweep under way stops at its next step. */
    private volatile boolean closing;

    /** @param metrics where the marks and keys it resolves are counted, by outcome */
    public Recovery(RedisWriter redis, Dialect dialect, MappingConfig config, String database, ConnectionSource connections,
            long intervalMillis, DriverMetrics metrics) {
        this.redis = redis;
        this.connections = connections;
        this.intervalMillis = intervalMillis;
        this.metrics = metrics;
        this.sweep = new OrphanSweep(redis, dialect, database, () -> closing,
                key -> config.tables().stream().anyMatch(mapping -> mapping.key().decode(key) != null));
        this.refill = new RowRefill(redis, dialect, config, database);
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "writethrough-recovery");
            t.setDaemon(true);
            return t;
        });
        // After close(), no timer and no delayed retry runs; what was queued to run now still does.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        redis.onUndecided(this::refill);
    }

    /**
     * Sweeps every {@code recovery.interval.ms} (unless that is 0), and now in the background when {@code sweepNow}
     * (a caller that sweeps at once itself passes false).
     */
    public void start(boolean sweepNow) {
        if (sweepNow) {
            thread.execute(this::sweepQuietly);
        }
        if (intervalMillis > 0) {
            thread.scheduleWithFixedDelay(this::sweepQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Sweeps now, on the calling thread, and refills what it can; the keys left pending are retried shortly. */
    public synchronized SweepResult recoverNow() throws SQLException {
        try (Connection real = open()) {
            OrphanSweep.Tally tally = sweep.run(real);
            metrics.orphansResolved(DriverMetrics.Outcome.COMMITTED, tally.released);
            metrics.orphansResolved(DriverMetrics.Outcome.ABORTED, tally.restored);
            refill(tally.undecided);
            long[] filled = {0};
            List<String> pending = refillPending(real, filled);
            return new SweepResult(tally.marks, tally.live, tally.released, tally.restored, filled[0], pending.size());
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
            // Closing: the last connection's close releases what is still pending.
        }
    }

    private void sweepQuietly() {
        try {
            SweepResult result = recoverNow();
            if (result.released() + result.restored() + result.refilled() > 0) {
                LOG.info("writethrough: recovery sweep: {}", result);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("writethrough: recovery sweep failed ({}); it runs again in {} ms", e.getMessage(), intervalMillis);
        }
    }

    private synchronized void refillQuietly() {
        synchronized (toRefill) {
            if (toRefill.isEmpty()) {
                return;
            }
        }
        try (Connection real = open()) {
            refillPending(real, new long[1]);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("writethrough: refilling Redis keys from the database failed ({}); retrying", e.getMessage());
            retryLater();
        }
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
            retryLater();
        }
        return pending;
    }

    private void retryLater() {
        later(this::refillQuietly, REFILL_RETRY_MILLIS);
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

    /**
     * Stops the timer and a sweep under way; keys already waiting to be refilled are refilled first (once: a key
     * whose row stays locked is left), so that closing the last connection leaves no miss it could have healed.
     */
    @Override
    public void close() {
        closing = true;
        boolean waiting;
        synchronized (toRefill) {
            waiting = !toRefill.isEmpty();
        }
        if (waiting) {
            thread.execute(this::refillQuietly);
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
