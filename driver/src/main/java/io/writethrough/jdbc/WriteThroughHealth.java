package io.writethrough.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the Redis of each writethrough configuration in use answers: for a health endpoint (a Spring Boot Actuator
 * health contributor, a readiness probe). A configuration is in use while a connection or a data source holds it.
 * <pre>{@code
 * for (WriteThroughHealth.RedisHealth redis : WriteThroughHealth.check()) {
 *     if (!redis.up()) { ... redis.redis() ... redis.reason() ... }
 * }
 * }</pre>
 */
public final class WriteThroughHealth {

    private WriteThroughHealth() {
    }

    /**
     * One configuration's Redis.
     *
     * @param redis the Redis URL, its password masked
     * @param up whether Redis answered a {@code PING} within {@code redis.timeout.ms} and no undo of a rolled-back
     *     transaction waits to reach it
     * @param reason what is wrong, in a short message that names no secret and no bound value; {@code null} when up
     */
    public record RedisHealth(String redis, boolean up, String reason) {
    }

    /**
     * Checks the Redis of every configuration in use, one after another: a {@code PING} through the configuration's
     * own pool, waiting at most its {@code redis.timeout.ms} (at once while Redis is known to be silent), then whether
     * undos of rolled-back transactions still wait for Redis. Empty when no configuration is in use.
     */
    public static List<RedisHealth> check() {
        List<DriverContext> contexts = DriverContexts.retainLive();
        List<RedisHealth> health = new ArrayList<>(contexts.size());
        try {
            for (DriverContext context : contexts) {
                String problem = context.redis().problem();
                health.add(new RedisHealth(context.redisEndpoint(), problem == null, problem));
            }
        } finally {
            contexts.forEach(DriverContext::release);
        }
        return health;
    }
}
