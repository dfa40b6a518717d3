package io.writethrough.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

/**
 * A Spring Boot application whose only writethrough configuration is {@code spring.datasource.url=jdbc:writethrough:…}
 * and {@code writethrough.*} entries (no driver class, no mapping file), with H2 on the classpath: Spring Boot would
 * otherwise pick {@code org.h2.Driver} for the URL. The URL and the entries naming the test's schema and Redis prefix
 * come from a {@code @DynamicPropertySource}, which Spring adds after every environment post-processor has run.
 */
@SpringBootTest(classes = TestApplication.class,
        properties = {"spring.main.banner-mode=off", "writethrough.table.accounts.format=hash"})
@ExtendWith(WriteThroughServices.class)
@DirtiesContext // the pool goes before the test's schema and Redis prefix do
class StarterApplicationTest {

    private static TestDatabase db;
    private static TestRedis redis;

    @Autowired
    private Accounts accounts;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private WriteThroughMeterBinder meters;

    @Autowired
    private WriteThroughHealthIndicator writethroughHealthIndicator;

    @BeforeAll
    static void services(TestDatabase database, TestRedis testRedis) {
        db = database;
        redis = testRedis;
        db.execute(Accounts.TABLE);
    }

    @DynamicPropertySource
    static void writeThrough(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::writeThroughUrl);
        registry.add("writethrough.redis.url", redis::url);
        registry.add("writethrough.table.accounts.key", () -> redis.prefix() + "account:{id}");
    }

    @Test
    void theUrlAloneSelectsTheDriverThoughH2IsOnTheClasspath() {
        assertThat(ClassUtils.isPresent("org.h2.Driver", null)).as("H2 on the test classpath").isTrue();

        assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, pool -> {
            assertThat(pool.getDriverClassName()).isEqualTo("io.writethrough.jdbc.WriteThroughDriver");
            assertThat(pool.getDataSourceProperties()).containsEntry("writethrough.table.accounts.format", "hash")
                    .containsEntry("writethrough.table.accounts.key", redis.prefix() + "account:{id}");
        });
    }

    @Test
    void aTransactionalWriteLandsInRedisAsTheRow() throws Exception {
        int alice = accounts.open("Alice", 100);
        int bob = accounts.open("Bob", 0);
        accounts.transfer(alice, bob, 30);

        assertThat(redis.client().hgetAll(redis.key("account:" + alice)))
                .isEqualTo(Map.of("id", String.valueOf(alice), "owner", "Alice", "balance", "70"));
        assertThat(redis.client().hgetAll(redis.key("account:" + bob)))
                .isEqualTo(Map.of("id", String.valueOf(bob), "owner", "Bob", "balance", "30"));
        assertRedisMatchesDatabase();
    }

    @Test
    void aRollbackLeavesRedisAsBefore() throws Exception {
        int carol = accounts.open("Carol", 10);
        int dave = accounts.open("Dave", 5);
        Set<String> keys = redis.keys();
        Map<String, String> carolBefore = redis.client().hgetAll(redis.key("account:" + carol));
        Map<String, String> daveBefore = redis.client().hgetAll(redis.key("account:" + dave));

        // Dave's credit is written, in the database and in Redis, before Carol's debit breaks the CHECK.
        assertThatThrownBy(() -> accounts.transfer(carol, dave, 11)).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(redis.keys()).isEqualTo(keys);
        assertThat(redis.client().hgetAll(redis.key("account:" + carol))).isEqualTo(carolBefore);
        assertThat(redis.client().hgetAll(redis.key("account:" + dave))).isEqualTo(daveBefore).containsEntry("balance", "5");
        assertRedisMatchesDatabase();
    }

    @Test
    void theDriversMetersReachTheRegistriesBootBindsAndItsHealthIsUp() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters.bindTo(registry);
        int erin = accounts.open("Erin", 40);
        int frank = accounts.open("Frank", 0);
        accounts.transfer(erin, frank, 15);

        // Two opened, then both updated by the transfer.
        assertThat(registry.get("writethrough.entries.written").tag("table", "accounts").counter().count()).isEqualTo(4);
        assertThat(registry.get("writethrough.redis.time").timer().count()).isGreaterThanOrEqualTo(4);
        meters.destroy();
        accounts.transfer(erin, frank, 1);
        assertThat(registry.get("writethrough.entries.written").tag("table", "accounts").counter().count()).isEqualTo(4);

        Health health = writethroughHealthIndicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry(redis.url(), "UP");
    }

    private static void assertRedisMatchesDatabase() throws Exception {
        Properties mapping = new Properties();
        mapping.setProperty("table.accounts.key", redis.prefix() + "account:{id}");
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), MappingConfig.parse(mapping, "test").tables());
        }
    }
}
