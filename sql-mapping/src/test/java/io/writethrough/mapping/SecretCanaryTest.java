package io.writethrough.mapping;

import static io.writethrough.mapping.MappingConfigTest.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A password planted in redis.url must never show up in toString or in any error message. */
class SecretCanaryTest {

    private static final String CANARY = "s3cr3t-canary";
    private static final String URL = "redis://admin:" + CANARY + "@cache.example.com:6380/2";

    @Test
    void toStringMasksThePassword() {
        MappingConfig config = MappingConfig.parse(props("redis.url", URL, "table.users.key", "u:{id}"), "canary.properties");

        assertThat(config.redisUrl()).isEqualTo(URL);
        assertThat(config.toString()).doesNotContain(CANARY).doesNotContain("s3cr3t")
                .contains("redis.url=redis://admin:****@cache.example.com:6380/2");
    }

    @Test
    void noErrorMessageContainsThePassword() {
        List<Properties> files = List.of(
                props("redis.url", URL, "redis.timeout.ms", "x"),
                props("redis.url", URL, "table.users.ttl", "5"),
                props("redis.url", URL, "table.users.key", "u:{id"),
                props("redis.url", URL, "bogus", "1"),
                props("redis.ur", URL),
                props("redis.url.password", CANARY),
                props("writethrough.redis.url", URL),
                props("redis.url", "redis://admin:" + CANARY + "@"),
                props("redis.url", "redis://admin:" + CANARY + "@host:port"),
                props("redis.url", "redis://admin:" + CANARY + "@host:6379/db"),
                props("redis.url", "http://admin:" + CANARY + "@host"),
                props("redis.url", "admin:" + CANARY + "@host:6379"),
                props("redis.url", "redis://admin:" + CANARY + "/x@host"),
                props("redis.url", "redis://admin:" + CANARY + " x@host"),
                props("redis.url", "redis://admin:" + CANARY + "@h@ost"),
                props("redis.url", "redis://" + CANARY + "@host:99999"),
                props("redis.url", "redis:admin:" + CANARY + "@host"));
        for (Properties file : files) {
            assertNoCanary(file, new Properties());
            Properties overrides = new Properties();
            file.forEach((key, value) -> overrides.put("writethrough." + key, value));
            assertNoCanary(new Properties(), overrides);
        }
    }

    private static void assertNoCanary(Properties file, Properties overrides) {
        try {
            MappingConfig.parse(file, "canary.properties", overrides);
            fail("expected a ConfigException for " + file.keySet() + overrides.keySet());
        } catch (ConfigException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t").doesNotContain("canary ");
            }
            assertThat(e.getMessage()).startsWith("canary.properties");
        }
    }

    @Test
    void displayMasksEveryUserInfoForm() {
        assertThat(Setting.REDIS_URL.display("redis://u:pw@h:1/0")).isEqualTo("redis://u:****@h:1/0");
        assertThat(Setting.REDIS_URL.display("redis://:pw@h")).isEqualTo("redis://:****@h");
        assertThat(Setting.REDIS_URL.display("redis://pw@h")).isEqualTo("redis://****@h");
        assertThat(Setting.REDIS_URL.display("redis://h:6379")).isEqualTo("redis://h:6379");
        assertThat(Setting.REDIS_URL.display("u:pw@h")).isEqualTo("u:****@h");
        assertThat(Setting.REDIS_URL.isSecret()).isTrue();
        assertThat(Setting.REDIS_POOL_SIZE.isSecret()).isFalse();
        assertThat(Setting.REDIS_POOL_SIZE.display("8")).isEqualTo("8");
    }
}
