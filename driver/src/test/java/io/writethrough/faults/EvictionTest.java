package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.differential.DifferentialRun;
import io.writethrough.differential.DifferentialSchema;
import io.writethrough.differential.RunFigures;
import io.writethrough.differential.Workload;
import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * A Redis that evicts: a policy that may evict any key ({@code allkeys-*}) could evict an ownership mark under an open
 * transaction, so it is refused at connect with a message that names the setting and the fix; under a
 * {@code volatile-*} policy, which evicts only keys with a TTL (never a mark), the differential workload runs while
 * Redis evicts continually and leaves no stale value: the only misses are entries of the table with a TTL.
 */
@ExtendWith(WriteThroughServices.class)
class EvictionTest {

    @Test
    void aPolicyThatMayEvictAnyKeyIsRefusedAtConnect(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        try (RedisClient admin = RedisClient.create(server.host(), server.port())) {
            for (String policy : List.of("allkeys-lru", "allkeys-lfu", "allkeys-random")) {
                admin.configSet("maxmemory-policy", policy);
                Properties p = s.properties();
                p.setProperty("writethrough.redis.url", server.url());
                p.setProperty("writethrough.plan.cache.size", Integer.toString(policy.hashCode() & 0xFFFF) + "1");
                assertThatThrownBy(() -> DriverManager.getConnection(db.writeThroughUrl(), p))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("maxmemory-policy " + policy)
                        .hasMessageContaining("volatile-lru")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
            }
            admin.configSet("maxmemory-policy", "volatile-lru");
            Properties p = s.properties();
            p.setProperty("writethrough.redis.url", server.url());
            try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users VALUES (1, 'a')");
            }
            assertThat(admin.hget(s.key("user:1"), "name")).isEqualTo("a");
        }
    }

    @Test
    void underAVolatilePolicyThatEvictsContinuallyNoValueIsStale(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            DifferentialSchema schema = DifferentialSchema.create(db, server.url(), redis, "ev:");
            try (Connection c = schema.connect()) {
                Workload.seed(c);
            }
            long used = stat(redis, "memory", "used_memory:");
            redis.configSet("maxmemory-policy", "volatile-lru");
            // Little room: Redis evicts sessions (the table with a TTL) as the run goes, then refuses writes (OOM, 40003).
            redis.configSet("maxmemory", Long.toString(used + 160 * 1024));
            RunFigures figures;
            long evicted;
            try (Connection holder = schema.connect()) {
                figures = DifferentialRun.run(DifferentialRun.Settings.fromSystemProperties(1_500), schema::connect,
                        RedisFaultsTest::redisFaultError);
                evicted = stat(redis, "stats", "evicted_keys:");
                // A full Redis refuses writes (OOM, SQLState 40003) and the undos that restore values: the operator
                // lifts the limit, and what waited is applied. Keys an undo could not decide are refilled by the configuration's recovery, which the held connection
                // keeps alive: one synchronous sweep finishes that work before the comparison.
                redis.configSet("maxmemory", "0");
                WriteThroughDriver.recover(db.writeThroughUrl(), schema.properties());
            }
            List<CacheDifference> differences = schema.differences(MissingKeyPolicy.REPORT).stream()
                    .filter(d -> !(d.kind() == CacheDifference.Kind.MISSING_KEY && d.mapping().ttlSeconds() > 0))
                    .toList();
            System.out.println("eviction: volatile-lru " + figures + " evicted=" + evicted);
            assertThat(evicted).as("keys Redis evicted during the run").isPositive();
            assertThat(differences).as("stale values after a run under eviction\n" + CacheAssertions.report(differences)).isEmpty();
            assertThat(schema.leftoverMarks()).isEmpty();
        }
    }

    private static long stat(RedisClient redis, String section, String field) {
        return Long.parseLong(redis.info(section).lines().filter(l -> l.startsWith(field)).findFirst().orElseThrow()
                .substring(field.length()).trim());
    }
}
