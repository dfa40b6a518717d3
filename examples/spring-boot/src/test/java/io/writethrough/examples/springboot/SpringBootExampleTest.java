package io.writethrough.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Runs the application against the test services, overriding only {@code spring.datasource.url}: the test's schema,
 * and (as a URL parameter) a mapping file that puts the keys under the test's Redis prefix.
 */
@ExtendWith(WriteThroughServices.class)
class SpringBootExampleTest {

    @Test
    void transactionalCommitsAndRollbacksReachRedis(TestDatabase db, TestRedis redis) throws Exception {
        String mapping = "redis.url=" + redis.url() + "\ntable.accounts.key=" + redis.prefix() + "account:{id}\n";
        Path file = Files.createTempFile("writethrough-spring-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, mapping);
        String url = db.writeThroughUrl() + "&writethrough.config=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);

        try (ConfigurableApplicationContext app = SpringApplication.run(SpringBootExample.class, "--spring.datasource.url=" + url)) {
            // The application's own runner has moved 30 from Alice (1) to Bob (2) and failed an overdraft.
            assertThat(redis.client().hgetAll(redis.key("account:1"))).isEqualTo(Map.of("id", "1", "owner", "Alice", "balance", "70"));
            assertThat(redis.client().hgetAll(redis.key("account:2"))).isEqualTo(Map.of("id", "2", "owner", "Bob", "balance", "30"));

            Accounts accounts = app.getBean(Accounts.class);
            assertThatThrownBy(() -> accounts.transfer(2, 1, 31)).isInstanceOf(DataIntegrityViolationException.class);
            accounts.transfer(2, 1, 30);
            assertThat(redis.client().hget(redis.key("account:1"), "balance")).isEqualTo("100");
            assertThat(redis.client().hget(redis.key("account:2"), "balance")).isEqualTo("0");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(mapping));
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), MappingConfig.parse(properties, file.toString()).tables());
        }
    }
}
