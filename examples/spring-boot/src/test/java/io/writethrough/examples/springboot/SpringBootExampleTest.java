package io.writethrough.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Runs the application against the test services, overriding on its command line only what
 * {@code application.properties} sets: the URL (the test's schema), the Redis URL and the key template (under the
 * test's Redis prefix).
 */
@ExtendWith(WriteThroughServices.class)
class SpringBootExampleTest {

    @Test
    void transactionalCommitsAndRollbacksReachRedis(TestDatabase db, TestRedis redis) throws Exception {
        String template = redis.prefix() + "account:{id}";

        try (ConfigurableApplicationContext app = SpringApplication.run(SpringBootExample.class,
                "--spring.datasource.url=" + db.writeThroughUrl(), "--writethrough.redis.url=" + redis.url(),
                "--writethrough.table.accounts.key=" + template)) {
            // The application's own runner has moved 30 from Alice (1) to Bob (2) and failed an overdraft.
            assertThat(redis.client().hgetAll(redis.key("account:1"))).isEqualTo(Map.of("id", "1", "owner", "Alice", "balance", "70"));
            assertThat(redis.client().hgetAll(redis.key("account:2"))).isEqualTo(Map.of("id", "2", "owner", "Bob", "balance", "30"));

            Accounts accounts = app.getBean(Accounts.class);
            assertThatThrownBy(() -> accounts.transfer(2, 1, 31)).isInstanceOf(DataIntegrityViolationException.class);
            accounts.transfer(2, 1, 30);
            assertThat(redis.client().hget(redis.key("account:1"), "balance")).isEqualTo("100");
            assertThat(redis.client().hget(redis.key("account:2"), "balance")).isEqualTo("0");
        }
        Properties mapping = new Properties();
        mapping.setProperty("table.accounts.key", template);
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), MappingConfig.parse(mapping, "the test").tables());
        }
    }
}
