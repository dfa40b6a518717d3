package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.redis.RedisEndpoint;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * {@link WriteThroughHealth#check()}: one entry per configuration in use, up while its Redis answers, down with a
 * reason once it stops; the Redis password never shows. (That the list is empty with no configuration in use is
 * checked in a JVM of its own: {@code MicrometerAbsentTest}.)
 */
@ExtendWith(WriteThroughServices.class)
class HealthTest {

    private static final String PASSWORD = "h3alth-s3cret";

    private static List<WriteThroughHealth.RedisHealth> of(String endpoint) {
        return WriteThroughHealth.check().stream().filter(health -> health.redis().equals(endpoint)).toList();
    }

    @Test
    void theSharedRedisIsUpWhileAConfigurationUsesIt(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        int before = DriverContexts.live();
        String endpoint = RedisEndpoint.parse(redis.url()).toString();
        try (Connection c = s.connect()) {
            List<WriteThroughHealth.RedisHealth> all = WriteThroughHealth.check();
            assertThat(all).hasSize(before + 1).contains(new WriteThroughHealth.RedisHealth(endpoint, true, null));
        }
        assertThat(WriteThroughHealth.check()).as("one entry per configuration in use").hasSize(before);
    }

    @Test
    void aStoppedRedisIsDownWithAReasonAndNoPassword(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        try (RedisClient admin = RedisClient.create(server.host(), server.port())) {
            admin.configSet("requirepass", PASSWORD);
        }
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        String url = "redis://:" + PASSWORD + "@" + server.host() + ":" + server.port();
        String endpoint = "redis://:****@" + server.host() + ":" + server.port();
        Properties settings = s.properties();
        settings.setProperty("writethrough.redis.url", url);
        settings.setProperty("writethrough.redis.timeout.ms", "500");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), settings)) {
            assertThat(of(endpoint)).containsExactly(new WriteThroughHealth.RedisHealth(endpoint, true, null));

            server.stop();
            List<WriteThroughHealth.RedisHealth> down = of(endpoint);
            assertThat(down).hasSize(1);
            assertThat(down.get(0).up()).isFalse();
            assertThat(down.get(0).reason()).startsWith("PING failed: ").contains("connect");
            assertThat(WriteThroughHealth.check()).allSatisfy(health -> assertThat(health.toString()).doesNotContain(PASSWORD));
        } finally {
            server.start();
        }
    }
}
