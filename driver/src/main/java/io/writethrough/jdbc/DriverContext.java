package io.writethrough.jdbc;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import io.writethrough.redis.RedisEndpoint;
import io.writethrough.redis.RedisWriter;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.PlanCache;
import io.writethrough.sql.SqlAnalyzer;

/**
 * Everything connections of one configuration share: the mapping, the plan cache, the Redis client
 * and the table-oid cache. Created once per distinct configuration and kept for the JVM's life.
 */
final class DriverContext {

    private final MappingConfig config;
    private final PlanCache plans;
    private final RedisWriter redis;
    private final TableOids tableOids = new TableOids();
    private final KeyColumnCheck keyColumnCheck = new KeyColumnCheck();
    private final boolean ignoreUnsupported;

    private DriverContext(MappingConfig config, PlanCache plans, RedisWriter redis) {
        this.config = config;
        this.plans = plans;
        this.redis = redis;
        this.ignoreUnsupported = "ignore".equals(config.get(Setting.ON_UNSUPPORTED_WRITE));
    }

    static DriverContext create(MappingConfig config) {
        PlanCache plans = new PlanCache(new SqlAnalyzer(config), config.getInt(Setting.PLAN_CACHE_SIZE));
        RedisWriter redis = RedisWriter.connect(RedisEndpoint.parse(config.redisUrl()),
                config.getInt(Setting.REDIS_TIMEOUT_MS), config.getInt(Setting.REDIS_POOL_SIZE));
        return new DriverContext(config, plans, redis);
    }

    MappingConfig config() {
        return config;
    }

    Analysis analyze(String sql) {
        return plans.analyze(sql);
    }

    PlanCache plans() {
        return plans;
    }

    RedisWriter redis() {
        return redis;
    }

    TableOids tableOids() {
        return tableOids;
    }

    KeyColumnCheck keyColumnCheck() {
        return keyColumnCheck;
    }

    /** True when {@code on.unsupported.write=ignore}: unanalysable writes run without write-through. */
    boolean ignoreUnsupported() {
        return ignoreUnsupported;
    }
}
