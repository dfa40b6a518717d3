package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The quick-start demo against the test services, and once on its own embedded ones. Its keys ({@code demo:…}) come
 * from its mapping file, not from the test's prefix: the demo clears them when it starts, and so does this test when
 * it ends.
 */
@ExtendWith(WriteThroughServices.class)
class QuickStartDemoTest {

    private TestRedis redis;

    @Test
    void theTourEndsWithRedisMatchingTheDatabaseAfterEveryStep(TestDatabase db, TestRedis redis) throws Exception {
        this.redis = redis;
        StringWriter out = new StringWriter();

        int exit = demo(out, "--jdbc-url", db.jdbcUrl(), "--redis-url", redis.url(), "--schema", db.schema());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("7  DELETE", "Redis matched the database after each of the 7 steps (8 checks).")
                .doesNotContain("MISMATCH", "Exception", "\tat ");
        assertThat(redis.client().hgetAll("demo:customer:1"))
                .isEqualTo(Map.of("id", "1", "name", "Ada", "tier", "gold", "credits", "205"));
        assertThat(redis.client().get("demo:stock:tea")).isEqualTo("{\"sku\":\"tea\",\"qty\":15,\"price\":4.50}");
        assertThat(redis.client().exists("demo:stock:mug")).isFalse();
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), demoMappings());
        }
    }

    @Test
    void aRedisThatDisagreesWithTheDatabaseIsReportedAndFailsTheRun(TestDatabase db, TestRedis redis) throws Exception {
        this.redis = redis;
        assertThat(demo(new StringWriter(), "--jdbc-url", db.jdbcUrl(), "--redis-url", redis.url(), "--schema", db.schema()))
                .isZero();
        redis.client().hset("demo:customer:1", "credits", "1000000");
        StringWriter out = new StringWriter();

        try (Connection raw = db.connect()) {
            Narrator narrator = new Narrator(raw, redis.client(), demoMappings(), new PrintWriter(out, true));
            narrator.show();
            assertThat(narrator.finish()).isFalse();
        }

        assertThat(out.toString()).contains("MISMATCH", "stale field demo:customer:1 credits: redis=\"1000000\" db=\"205\"");
    }

    @Test
    void withoutUrlsItStartsEmbeddedPostgresAndRedis() {
        StringWriter out = new StringWriter();

        int exit = demo(out);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("(embedded, started in ").contains("after each of the 7 steps");
    }

    @AfterEach
    void deleteTheDemoKeys() throws Exception {
        if (redis != null) {
            CacheView.clear(redis.client(), demoMappings());
        }
    }

    private static int demo(StringWriter out, String... args) {
        return new CommandLine(new QuickStartDemo()).setOut(new PrintWriter(out, true)).execute(args);
    }

    private static List<TableMapping> demoMappings() throws Exception {
        Properties mapping = new Properties();
        try (InputStream in = QuickStartDemoTest.class.getClassLoader().getResourceAsStream(QuickStartDemo.MAPPING_RESOURCE)) {
            mapping.load(in);
        }
        return MappingConfig.parse(mapping, QuickStartDemo.MAPPING_RESOURCE).tables();
    }
}
