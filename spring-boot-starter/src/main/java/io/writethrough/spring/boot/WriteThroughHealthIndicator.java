package io.writethrough.spring.boot;

import io.writethrough.jdbc.WriteThroughHealth;
import io.writethrough.jdbc.WriteThroughHealth.RedisHealth;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code writethrough} health contributor: DOWN while the Redis of any configuration in use does not answer or
 * still owes undos of rolled-back transactions, with the reason per Redis (its URL with the password masked); UP
 * otherwise, also before the first connection (nothing is in use, so nothing can be stale).
 */
final class WriteThroughHealthIndicator implements HealthIndicator {

    @Override
    public Health health() {
        List<RedisHealth> all = WriteThroughHealth.check();
        Health.Builder health = all.stream().allMatch(RedisHealth::up) ? Health.up() : Health.down();
        if (all.isEmpty()) {
            health.withDetail("redis", "no writethrough connection opened yet");
        }
        for (RedisHealth redis : all) {
            health.withDetail(redis.redis(), redis.up() ? "UP" : redis.reason());
        }
        return health.build();
    }
}
