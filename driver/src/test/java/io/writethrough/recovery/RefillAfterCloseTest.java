package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Refills are not dropped when a configuration's last connection closes while Redis cannot take them (a failover,
 * a restart), as undos waiting for Redis are not: the recovery goes on refilling in the background, and the Redis
 * client closes once it is done. Dropped, the keys would stay missing while their rows exist.
 */
@ExtendWith(WriteThroughServices.class)
class RefillAfterCloseTest {

    @Test
    void refillsAskedForGoOnAfterTheConfigurationCloses(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "rc:", "table.users.key={p}user:{id}");
            RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 500, 2, DriverMetrics.DISABLED);
            Recovery recovery = new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), db::connect, 0,
                    DriverMetrics.DISABLED).closeWaitMillis(300);
            AtomicBoolean redisClosed = new AtomicBoolean();
            server.stop();
            try {
                recovery.refill(List.of(s.key("user:1")));
                recovery.close(() -> {
                    redisClosed.set(true);
                    writer.close();
                });
                assertThat(redisClosed).as("the refill is still pending: Redis is down").isFalse();
            } finally {
                server.start();
            }

            Poll.until("the refill to run after the close", Duration.ofSeconds(20),
                    () -> redisClosed.get() ? null : "still refilling");
        }
        try (RedisClient restarted = RedisClient.create(server.host(), server.port())) {
            assertThat(restarted.hgetAll("rc:user:1")).isEqualTo(Map.of("id", "1", "name", "a"));
        }
    }
}
