package io.writethrough.jdbc;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.recovery.Recovery;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.PlanCache;
import io.writethrough.sql.SqlAnalyzer;
import io.writethrough.write.SqlStates;
import io.writethrough.write.UnseenWrites;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Everything connections of one configuration share: the mapping, the plan cache, the Redis client, the
 * dialect's catalog caches and the metrics sink. Reference-counted by {@link DriverContexts}: every open connection (and a wrapping
 * {@link WriteThroughDataSource}) holds it, and the last one to let go closes its Redis pool.
 */
final class DriverContext {

    /** Multi-row texts kept: a few statements' chunk sizes (at most 16 each); the longest hold about 10 bytes a row. */
    private static final int REWRITES_KEPT = 64;
    /** The least Redis pool size {@code redis.pool.size=auto} gives: room for the background's calls and bursts. */
    static final int AUTO_POOL_MINIMUM = 8;
    /** Redis connections {@code redis.pool.size=auto} keeps beyond one per open connection. */
    static final int AUTO_POOL_SPARE = 2;

    private final String identity;
    private final MappingConfig config;
    private final PlanCache plans;
    /**
     * The analyses of multi-row INSERTs a batch is rewritten to ({@link BatchRewrite}): one per chunk size of a
     * statement, usually longer than the texts {@link #plans} keeps; the same analyzer, so parses count together.
     */
    private final PlanCache rewrites;
    private final RedisWriter redis;
    /** Where that Redis is, its password masked. */
    private final String redisEndpoint;
    private final DriverMetrics metrics;
    private final Dialect dialect = new PostgresDialect();
    private final boolean ignoreUnsupported;
    private final UnseenWrites.Policy unseenWritePolicy;
    /** {@code redis.pipeline=transaction}: a transaction's statements do not wait for their Redis writes. */
    private final boolean pipelined;
    private final Set<String> tablesWarnedOfUnseenWrites = ConcurrentHashMap.newKeySet();
    /** Guarded by {@link DriverContexts}. */
    int references;
    /** This configuration's open connections: what {@code redis.pool.size=auto} follows. */
    private final AtomicInteger openConnections;
    /** One per database the configuration's connections reach; guarded by this. */
    private final Map<String, Recovery> recoveries = new HashMap<>();

    private DriverContext(String identity, MappingConfig config, PlanCache plans, PlanCache rewrites, RedisWriter redis,
            String redisEndpoint, DriverMetrics metrics, AtomicInteger openConnections) {
        this.identity = identity;
        this.openConnections = openConnections;
        this.config = config;
        this.plans = plans;
        this.rewrites = rewrites;
        this.redis = redis;
        this.redisEndpoint = redisEndpoint;
        this.metrics = metrics;
        this.ignoreUnsupported = "ignore".equals(config.get(Setting.ON_UNSUPPORTED_WRITE));
        this.unseenWritePolicy = UnseenWrites.Policy.of(config.get(Setting.ON_UNSEEN_WRITE));
        this.pipelined = "transaction".equals(config.get(Setting.REDIS_PIPELINE));
    }

    static DriverContext create(String identity, MappingConfig config) throws SQLException {
        SqlAnalyzer analyzer = new SqlAnalyzer(config);
        PlanCache plans = new PlanCache(analyzer, config.getInt(Setting.PLAN_CACHE_SIZE));
        RedisTopology topology = RedisTopology.of(config);
        DriverMetrics metrics = DriverMetrics.open();
        AtomicInteger openConnections = new AtomicInteger();
        RedisWriter redis = RedisWriter.connect(topology, config.getInt(Setting.REDIS_TIMEOUT_MS),
                poolSize(config.get(Setting.REDIS_POOL_SIZE), openConnections), metrics);
        String policy = redis.evictionPolicy();
        if (policy != null && policy.startsWith("allkeys-")) {
            redis.close();
            metrics.close();
            throw new SQLException(evictsAnyKey(topology.toString(), policy), SqlStates.CONFIGURATION);
        }
        PlanCache rewrites = new PlanCache(analyzer, REWRITES_KEPT, Integer.MAX_VALUE);
        return new DriverContext(identity, config, plans, rewrites, redis, topology.toString(), metrics, openConnections);
    }

    /**
     * The Redis pool's size: {@code redis.pool.size}, or for {@code auto} one per open connection of this
     * configuration plus {@value #AUTO_POOL_SPARE}, and at least {@value #AUTO_POOL_MINIMUM}. A connection holds at most
     * one Redis connection at a time (for a script call, or from its transaction's first pipelined write to its
     * commit), so such a pool never makes one wait, whatever the application's pool size; the spares serve the
     * recovery sweep and idle connections' releases while every connection is in a transaction.
     */
    static IntSupplier poolSize(String setting, AtomicInteger openConnections) {
        if (!"auto".equals(setting)) {
            int fixed = Integer.parseInt(setting);
            return () -> fixed;
        }
        return () -> Math.max(AUTO_POOL_MINIMUM, openConnections.get() + AUTO_POOL_SPARE);
    }

    /**
     * Why an {@code allkeys-*} policy is refused: Redis may then evict an ownership mark while its transaction is open,
     * and a rollback could no longer tell that the key holds a value the database never committed.
     */
    static String evictsAnyKey(String redis, String policy) {
        return "writethrough: the Redis at " + redis + " may evict any key (maxmemory-policy " + policy + "), the "
                + "driver's ownership marks included, and a rollback could then leave a value the database never committed; "
                + "set maxmemory-policy to noeviction or a volatile-* policy (volatile-lru, volatile-lfu, volatile-ttl, "
                + "volatile-random), e.g. CONFIG SET maxmemory-policy volatile-lru and the same in redis.conf";
    }

    String identity() {
        return identity;
    }

    MappingConfig config() {
        return config;
    }

    Analysis analyze(String sql) {
        return plans.analyze(sql);
    }

    AnalyzedStatement statement(String sql) {
        return plans.statement(sql);
    }

    /** The analysis of a multi-row INSERT a batch was rewritten to, kept whatever its length. */
    AnalyzedStatement rewrittenStatement(String sql) {
        return rewrites.statement(sql);
    }

    /** What {@code on.unseen.write} says to do about rows written unseen. */
    UnseenWrites.Policy unseenWritePolicy() {
        return unseenWritePolicy;
    }

    /** True when a transaction's statements send their Redis writes without waiting ({@code redis.pipeline}). */
    boolean pipelined() {
        return pipelined;
    }

    /** The tables a warning about rows written unseen has been logged for ({@code on.unseen.write=ignore}). */
    Set<String> tablesWarnedOfUnseenWrites() {
        return tablesWarnedOfUnseenWrites;
    }

    PlanCache plans() {
        return plans;
    }

    RedisWriter redis() {
        return redis;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The Redis this configuration writes to, its password masked: safe to show. */
    String redisEndpoint() {
        return redisEndpoint;
    }

    /** Where this configuration's code reports what it did; registries bound to it record it. */
    DriverMetrics metrics() {
        return metrics;
    }

    /**
     * The recovery of this configuration's Redis for {@code database}, started when the first connection to that
     * database asks for it (its first sweep runs in the background when {@code sweepNow}).
     */
    synchronized Recovery recovery(String database, Recovery.ConnectionSource connections, boolean sweepNow) {
        Recovery recovery = recoveries.get(database);
        if (recovery == null) {
            recovery = new Recovery(redis, dialect, config, database, connections, config.getInt(Setting.RECOVERY_INTERVAL_MS),
                    metrics);
            recoveries.put(database, recovery);
            recovery.start(sweepNow);
        }
        return recovery;
    }

    /** True when {@code on.unsupported.write=ignore}: unanalysable writes run without write-through. */
    boolean ignoreUnsupported() {
        return ignoreUnsupported;
    }

    /** A connection or data source starts using this context. */
    void retain() {
        DriverContexts.retain(this);
    }

    /** A connection or data source is done with this context; the last one closes it. */
    void release() {
        DriverContexts.release(this);
    }

    /** A connection of this configuration opened ({@code true}) or closed: the Redis pool's {@code auto} size follows. */
    void connectionOpen(boolean open) {
        openConnections.addAndGet(open ? 1 : -1);
    }

    /**
     * Stops recovery, closes the Redis pool and ends the metrics (and the bindings of this configuration alone). The
     * pool closes once every recovery has refilled the keys it was asked to (see {@link Recovery#close(Runnable)}).
     */
    void close() {
        List<Recovery> closing;
        synchronized (this) {
            closing = new ArrayList<>(recoveries.values());
            recoveries.clear();
        }
        AtomicInteger undrained = new AtomicInteger(closing.size());
        Runnable closeRedis = () -> {
            if (undrained.decrementAndGet() == 0) {
                redis.close();
            }
        };
        closing.forEach(recovery -> recovery.close(closeRedis));
        if (closing.isEmpty()) {
            redis.close();
        }
        metrics.close();
    }
}
