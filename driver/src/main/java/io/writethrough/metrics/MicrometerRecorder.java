package io.writethrough.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one Micrometer registry: the only class of the driver that uses Micrometer's types, loaded only when a
 * registry is bound. Tags have bounded values: mapped table names, the driver's own SQLStates, and fixed sets. The
 * meters without a table or SQLState tag are registered at once, so they show zero before anything happens.
 */
final class MicrometerRecorder implements Recorder {

    static final String WRITTEN = "writethrough.entries.written";
    static final String DELETED = "writethrough.entries.deleted";
    static final String UNDONE = "writethrough.entries.undone";
    static final String REDIS_ERRORS = "writethrough.redis.errors";
    static final String REFUSED = "writethrough.statements.refused";
    static final String ORPHANS = "writethrough.orphans.resolved";
    static final String REDIS_TIME = "writethrough.redis.time";
    static final String SWEEP_TIME = "writethrough.recovery.sweep";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> written = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deleted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final Counter undone;
    private final Counter[] errors = new Counter[DriverMetrics.RedisError.values().length];
    private final Counter[] orphans = new Counter[DriverMetrics.Outcome.values().length];
    private final Timer redisTime;
    private final Timer sweepTime;

    /** @param registry a {@link MeterRegistry} */
    MicrometerRecorder(Object registry) {
        this.registry = (MeterRegistry) registry;
        this.undone = Counter.builder(UNDONE)
                .description("Keys put back by undos: rollbacks, savepoint rollbacks, deferred undos, the recovery's")
                .register(this.registry);
        for (DriverMetrics.RedisError kind : DriverMetrics.RedisError.values()) {
            errors[kind.ordinal()] = Counter.builder(REDIS_ERRORS).tag("kind", kind.tag)
                    .description("Redis calls that failed").register(this.registry);
        }
        for (DriverMetrics.Outcome outcome : DriverMetrics.Outcome.values()) {
            orphans[outcome.ordinal()] = Counter.builder(ORPHANS).tag("outcome", outcome.tag)
                    .description("Ownership marks and keys the recovery resolved").register(this.registry);
        }
        this.redisTime = Timer.builder(REDIS_TIME)
                .description("Time waited for Redis writes: a statement's own, or a transaction's pipelined writes at once").register(this.registry);
        this.sweepTime = Timer.builder(SWEEP_TIME)
                .description("Recovery sweeps and how long each took (a sweep scans the whole keyspace)")
                .register(this.registry);
    }

    @Override
    public void written(String table, long entries) {
        counter(written, WRITTEN, "table", table, "Entries set in Redis by statements' writes").increment(entries);
    }

    @Override
    public void deleted(String table, long entries) {
        counter(deleted, DELETED, "table", table, "Entries deleted from Redis by statements' writes").increment(entries);
    }

    @Override
    public void undone(long keys) {
        undone.increment(keys);
    }

    @Override
    public void redisError(DriverMetrics.RedisError kind) {
        errors[kind.ordinal()].increment();
    }

    @Override
    public void refused(String sqlState) {
        counter(refused, REFUSED, "sqlstate", sqlState, "Statements the driver refused or failed on purpose").increment();
    }

    @Override
    public void orphansResolved(DriverMetrics.Outcome outcome, long keys) {
        orphans[outcome.ordinal()].increment(keys);
    }

    @Override
    public void redisTime(long nanos) {
        redisTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sweepTime(long nanos) {
        sweepTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The counter of one tag value, registered on its first use. */
    private Counter counter(ConcurrentMap<String, Counter> byTag, String name, String tag, String value, String description) {
        String tagValue = value == null ? "none" : value;
        Counter counter = byTag.get(tagValue);
        if (counter == null) {
            counter = byTag.computeIfAbsent(tagValue,
                    v -> Counter.builder(name).tag(tag, v).description(description).register(registry));
        }
        return counter;
    }
}
