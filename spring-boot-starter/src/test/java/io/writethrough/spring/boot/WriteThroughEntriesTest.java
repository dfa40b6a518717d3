package io.writethrough.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

class WriteThroughEntriesTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void takesEveryWriteThroughEntryAsWrittenAndNothingElse() {
        add("application", Map.of(
                "writethrough.redis.url", "redis://cache:6379",
                "writethrough.table.AccMixed.key", "acc:{id}",
                "writethrough.table.sales.orders.ttl", 60,
                "writethrough.redis.ulr", "typo: passed on, for the driver to name",
                "spring.datasource.url", "jdbc:writethrough:postgresql://db/shop",
                "writethroughx.redis.url", "not ours"));

        assertThat(WriteThroughEntries.from(environment)).contains(
                entry("writethrough.redis.url", "redis://cache:6379"),
                entry("writethrough.table.AccMixed.key", "acc:{id}"),
                entry("writethrough.table.sales.orders.ttl", "60"),
                entry("writethrough.redis.ulr", "typo: passed on, for the driver to name"))
                .doesNotContainKeys("spring.datasource.url", "writethroughx.redis.url");
    }

    @Test
    void theSourceOfHighestPrecedenceWinsAndListsAreJoined() {
        add("command line", Map.of("writethrough.redis.url", "redis://first:6379"));
        add("application.yaml", Map.of(
                "writethrough.redis.url", "redis://second:6379",
                "writethrough.table.users.columns[0]", "name",
                "writethrough.table.users.columns[2]", "id",
                "writethrough.table.users.columns[1]", "email",
                "writethrough.table.users.key", "user:${tenant}:{id}",
                "tenant", "acme"));

        assertThat(WriteThroughEntries.from(environment)).contains(
                entry("writethrough.redis.url", "redis://first:6379"),
                entry("writethrough.table.users.columns", "name,email,id"),
                entry("writethrough.table.users.key", "user:acme:{id}"));
    }

    @Test
    void theReadmeYamlGivesTheFileKeysWithThePrefix() throws Exception {
        String yaml = """
                spring:
                  datasource:
                    url: jdbc:writethrough:postgresql://db:5432/shop?user=app
                writethrough:
                  redis:
                    url: redis://cache:6379
                    timeout.ms: 500
                  table:
                    accounts:
                      key: "account:{id}"
                      columns: [owner, balance]   # a list becomes owner,balance
                """;
        new YamlPropertySourceLoader().load("application.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addLast);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

        assertThat(WriteThroughEntries.from(environment)).containsExactly(
                entry("writethrough.redis.timeout.ms", "500"),
                entry("writethrough.redis.url", "redis://cache:6379"),
                entry("writethrough.table.accounts.columns", "owner,balance"),
                entry("writethrough.table.accounts.key", "account:{id}"));
    }

    @Test
    void fromEnvironmentVariablesOnlyTheGlobalSettings() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("WRITETHROUGH_REDIS_URL", "redis://from-env:6379");
        variables.put("WRITETHROUGH_REDIS_TIMEOUT_MS", "500");
        variables.put("WRITETHROUGH_TEST_JDBC_URL", "jdbc:postgresql://somewhere/else");
        variables.put("WRITETHROUGH_TABLE_ORDER_LINES_KEY", "line:{id}");
        variables.put("WRITETHROUGH_CONFIG", "/etc/writethrough.properties");
        variables.put("PATH", "/usr/bin");
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);

        assertThat(WriteThroughEntries.from(environment)).containsExactly(
                entry("writethrough.redis.timeout.ms", "500"),
                entry("writethrough.redis.url", "redis://from-env:6379"));
    }

    private void add(String name, Map<String, Object> properties) {
        environment.getPropertySources().addLast(new MapPropertySource(name, properties));
    }
}
