package io.writethrough.metrics;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjLongConsumer;

/**
 * The sink one configuration's code reports what it did to: the write path, the Redis writer, the recovery. It
 * records into every registry bound to this configuration ({@link #bind}) or to all of them
 * ({@link WriteThroughMetrics#bind}); with none bound, a report costs one volatile read and allocates nothing.
 *
 * <p>Registries are held as {@code Object} here: only {@code MicrometerRecorder} names Micrometer's types, and it is
 * loaded only when a registry is bound, so the driver runs without Micrometer on the classpath.
 */
public final class DriverMetrics {

    /** Why a Redis call failed: the {@code kind} tag of {@code writethrough.redis.errors}. */
    public enum RedisError {
        /** Sent, but no reply (or no connection) within {@code redis.timeout.ms}. */
        TIMEOUT,
        /** Not sent, or its connection broke: no connection could be had or opened, refused, closed, Redis silent. */
        CONNECTION,
        /** Redis refused the command: out of memory, read-only replica, persistence failing, busy, loading, ... */
        REFUSED,
        /** Any other error reply: an error raised while a script ran. */
        SCRIPT,
        /** Anything else (an unexpected exception). */
        OTHER;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** What the recovery did with an ownership mark or key: the {@code outcome} tag of {@code writethrough.orphans.resolved}. */
    public enum Outcome {
        /** The owner committed: the mark was dropped. */
        COMMITTED,
        /** The owner aborted: the key was put back as its rollback would have. */
        ABORTED,
        /** The value before could not be decided: the key was written from the database's committed row. */
        REFILLED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** What {@link #startTime()} returns when nothing records. */
    public static final long NOT_TIMED = Long.MIN_VALUE;

    private static final Recorder[] NONE = {};
    /** Guards everything static, and every sink's {@link #own} and {@link #closed}. */
    private static final Object LOCK = new Object();
    /** Registries bound to every configuration, with how many bindings hold each. */
    private static final Map<Object, Integer> EVERYWHERE = new IdentityHashMap<>();
    /** One recorder per registry some binding holds. */
    private static final Map<Object, Recorder> RECORDERS = new IdentityHashMap<>();
    /** The sinks of live configurations. */
    private static final Set<DriverMetrics> LIVE = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A sink that never records, for writers made outside a configuration (tools, tests); after {@link #NONE}. */
    public static final DriverMetrics DISABLED = new DriverMetrics(true);

    /** Registries bound to this configuration only, with how many bindings hold each. */
    private final Map<Object, Integer> own = new IdentityHashMap<>();
    private boolean closed;
    /** Every registry this sink records into, each once; read once per report. */
    private volatile Recorder[] recorders = NONE;

    private DriverMetrics(boolean closed) {
        this.closed = closed;
    }

    /** A live configuration's sink: it records into the registries bound everywhere until {@link #close()}. */
    public static DriverMetrics open() {
        DriverMetrics metrics = new DriverMetrics(false);
        synchronized (LOCK) {
            LIVE.add(metrics);
            metrics.refresh();
        }
        return metrics;
    }

    /**
     * Records this configuration's meters into {@code meterRegistry} (a Micrometer {@code MeterRegistry}) until the
     * returned binding is closed, or this sink is. Counted per registry, as {@link WriteThroughMetrics#bind}.
     */
    public WriteThroughMetrics.Binding bind(Object meterRegistry) {
        synchronized (LOCK) {
            if (closed) {
                throw new IllegalStateException("writethrough: this configuration is closed");
            }
            hold(own, meterRegistry);
            refresh();
        }
        return new Held(() -> {
            drop(own, meterRegistry);
            refresh();
        });
    }

    static WriteThroughMetrics.Binding bindEverywhere(Object meterRegistry) {
        synchronized (LOCK) {
            hold(EVERYWHERE, meterRegistry);
            LIVE.forEach(DriverMetrics::refresh);
        }
        return new Held(() -> {
            drop(EVERYWHERE, meterRegistry);
            LIVE.forEach(DriverMetrics::refresh);
        });
    }

    /** The configuration is closed: nothing more is recorded, and its own bindings end. */
    public void close() {
        synchronized (LOCK) {
            closed = true;
            LIVE.remove(this);
            own.clear();
            recorders = NONE;
            forgetUnheldRecorders();
        }
    }

    /** True when some registry records: worth computing what only a recorder needs. One volatile read. */
    public boolean recording() {
        return recorders.length > 0;
    }

    /** Entries set in Redis for rows of {@code table} by a statement's write. */
    public void written(String table, long entries) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            r[i].written(table, entries);
        }
    }

    /** Entries deleted from Redis for rows of {@code table} by a statement's write. */
    public void deleted(String table, long entries) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            r[i].deleted(table, entries);
        }
    }

    /** Keys an undo put back (or deleted, where the value before could not be decided). */
    public void undone(long keys) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            r[i].undone(keys);
        }
    }

    /** A Redis call failed. */
    public void redisError(RedisError kind) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            r[i].redisError(kind);
        }
    }

    /** The driver refuses or fails a statement on purpose with {@code refusal}; returns it, for {@code throw}. */
    public SQLException refused(SQLException refusal) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            r[i].refused(refusal.getSQLState());
        }
        return refusal;
    }

    /** The recovery resolved {@code keys} ownership marks or keys this way. */
    public void orphansResolved(Outcome outcome, long keys) {
        Recorder[] r = recorders;
        for (int i = 0; i < r.length && keys > 0; i++) {
            r[i].orphansResolved(outcome, keys);
        }
    }

    /** {@link System#nanoTime()} when some registry records, else {@link #NOT_TIMED} (and no clock is read). */
    public long startTime() {
        return recorders.length == 0 ? NOT_TIMED : System.nanoTime();
    }

    /** A statement waited for its Redis write since {@code started} (from {@link #startTime()}). */
    public void redisTimeSince(long started) {
        timeSince(started, Recorder::redisTime);
    }

    /** A recovery sweep ran since {@code started} (from {@link #startTime()}), however it ended. */
    public void sweepTimeSince(long started) {
        timeSince(started, Recorder::sweepTime);
    }

    private void timeSince(long started, ObjLongConsumer<Recorder> timer) {
        if (started == NOT_TIMED) {
            return;
        }
        long nanos = System.nanoTime() - started;
        Recorder[] r = recorders;
        for (int i = 0; i < r.length; i++) {
            timer.accept(r[i], nanos);
        }
    }

    // ---- bindings, under LOCK ---------------------------------------------------------------------------------

    private static void hold(Map<Object, Integer> scope, Object registry) {
        scope.merge(registry, 1, Integer::sum);
    }

    private static void drop(Map<Object, Integer> scope, Object registry) {
        scope.computeIfPresent(registry, (r, count) -> count == 1 ? null : count - 1);
        forgetUnheldRecorders();
    }

    /** Recomputes the registries this sink records into: those bound everywhere and its own, each once. */
    private void refresh() {
        if (closed) {
            return;
        }
        Map<Object, Boolean> registries = new IdentityHashMap<>();
        EVERYWHERE.keySet().forEach(registry -> registries.put(registry, true));
        own.keySet().forEach(registry -> registries.put(registry, true));
        List<Recorder> bound = new ArrayList<>(registries.size());
        for (Object registry : registries.keySet()) {
            Recorder recorder = RECORDERS.get(registry);
            if (recorder == null) {
                // The only place a Micrometer-backed class is loaded: a registry was handed over.
                recorder = new MicrometerRecorder(registry);
                RECORDERS.put(registry, recorder);
            }
            bound.add(recorder);
        }
        recorders = bound.toArray(NONE);
    }

    private static void forgetUnheldRecorders() {
        RECORDERS.keySet().removeIf(registry -> !EVERYWHERE.containsKey(registry)
                && LIVE.stream().noneMatch(metrics -> metrics.own.containsKey(registry)));
    }

    /** A binding: its release runs once, under the lock. */
    private static final class Held implements WriteThroughMetrics.Binding {

        private final Runnable release;
        private final AtomicBoolean closed = new AtomicBoolean();

        Held(Runnable release) {
            this.release = release;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                synchronized (LOCK) {
                    release.run();
                }
            }
        }
    }
}
