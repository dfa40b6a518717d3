package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Both shared services answer, whichever source {@link ServiceResolver} picked (see the log). */
@ExtendWith(WriteThroughServices.class)
class ServicesSmokeTest {

    @Test
    void postgresRoundTripLandsInTheTestsOwnSchema(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE greeting (id int PRIMARY KEY, text text NOT NULL)");
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO greeting VALUES (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "Zoë");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet schema = connection.createStatement().executeQuery("SELECT current_schema()")) {
                schema.next();
                assertThat(schema.getString(1)).isEqualTo(db.schema());
            }
        }
        List<Map<String, Object>> rows = db.queryRows("SELECT id, text FROM " + db.schema() + ".greeting");
        assertThat(rows).containsExactly(Map.of("id", 1, "text", "Zoë"));
    }

    @Test
    void redisRoundTripUsesTheTestsOwnPrefix(TestRedis redis) {
        String key = redis.key("greeting");
        redis.client().hset(key, Map.of("text", "Zoë"));
        assertThat(redis.client().hgetAll(key)).containsExactly(Map.entry("text", "Zoë"));
        assertThat(redis.keys()).containsExactly(key);
        assertThat(key).startsWith(redis.prefix()).matches("t[a-z]{10}:greeting");
    }

    @Test
    void servicesComeFromTheResolverAndNameTheirSource(PostgresService postgres, RedisService redis) {
        assertThat(postgres).isSameAs(ServiceResolver.postgres());
        assertThat(redis).isSameAs(ServiceResolver.redis());
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://");
        assertThat(redis.url()).startsWith("redis://");
        assertThat(ServiceResolver.redisClient().ping()).isEqualTo("PONG");
    }

    @Test
    void environmentVariablesWinAndWithoutThemAServerIsStarted(PostgresService postgres, RedisService redis) {
        // .ci/run runs this class once more with both variables unset, to prove the embedded path.
        assertThat(postgres.source() == ServiceSource.ENVIRONMENT)
                .isEqualTo(System.getenv(ServiceResolver.JDBC_URL_VARIABLE) != null);
        assertThat(redis.source() == ServiceSource.ENVIRONMENT)
                .isEqualTo(System.getenv(ServiceResolver.REDIS_URL_VARIABLE) != null);
        assertThat(postgres.address()).doesNotContain("user=").doesNotContain("password");
    }
}
