package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs sample test classes through the JUnit engine and checks what the extension left behind. */
class WriteThroughServicesTest {

    /** What the sample tests saw, read after the engine has finished them. */
    static final List<TestDatabase> DATABASES = new ArrayList<>();
    static final List<TestRedis> PREFIXES = new ArrayList<>();
    static final List<PrivateRedisServer> SERVERS = new ArrayList<>();
    static final List<Connection> CONNECTIONS = new ArrayList<>();

    @Test
    void eachTestGetsItsOwnSchemaAndPrefixWhichAreCleanedUpAfterwards() throws Exception {
        clear();

        Events tests = run(PassingSample.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        // @BeforeEach and @Test of one test share instances: 2 tests, each seen twice.
        assertThat(DATABASES).hasSize(4);
        assertThat(DATABASES.get(0)).isSameAs(DATABASES.get(1));
        assertThat(DATABASES.get(2)).isSameAs(DATABASES.get(3)).isNotSameAs(DATABASES.get(0));
        assertThat(DATABASES.get(0).schema()).isNotEqualTo(DATABASES.get(2).schema()).matches("wt_[a-z0-9]{12}");
        assertThat(PREFIXES.get(0).prefix()).isNotEqualTo(PREFIXES.get(1).prefix());
        assertCleanedUp();
    }

    @Test
    void cleansUpAfterAFailingTestToo() throws Exception {
        clear();

        Events tests = run(FailingSample.class);

        tests.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(DATABASES).hasSize(1);
        assertCleanedUp();
        assertThat(CONNECTIONS).singleElement().satisfies(c -> assertThat(c.isClosed()).isTrue());
    }

    @Test
    void writeThroughUrlIsTheRealUrlWithTheDriversPrefix() {
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(db.jdbcUrl()).startsWith(ServiceResolver.postgres().jdbcUrl())
                    .endsWith("currentSchema=" + db.schema());
            assertThat(db.writeThroughUrl()).isEqualTo("jdbc:writethrough:" + db.jdbcUrl().substring("jdbc:".length()));
        }
    }

    private static void assertCleanedUp() throws Exception {
        try (Connection admin = ServiceResolver.postgres().connect()) {
            for (TestDatabase db : DATABASES) {
                try (ResultSet rows = admin.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_namespace WHERE nspname = '" + db.schema() + "'")) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("schema %s still exists", db.schema()).isZero();
                }
            }
        }
        for (TestRedis redis : PREFIXES) {
            assertThat(TestRedis.keysStartingWith(ServiceResolver.redisClient(), redis.prefix())).isEmpty();
        }
        for (PrivateRedisServer server : SERVERS) {
            assertThat(server.isRunning()).isFalse();
        }
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(RunOnlyThroughTestKit.PARAMETER, "true")
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    /** Keeps the sample classes from running on their own (e.g. under {@code -Dtest=pattern}, which includes nested classes). */
    static final class RunOnlyThroughTestKit implements ExecutionCondition {

        static final String PARAMETER = "writethrough.fixtures.samples";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by WriteThroughServicesTest")
                    : ConditionEvaluationResult.disabled("a sample that only WriteThroughServicesTest runs");
        }
    }

    private static void clear() {
        DATABASES.clear();
        PREFIXES.clear();
        SERVERS.clear();
        CONNECTIONS.clear();
    }

    @ExtendWith({RunOnlyThroughTestKit.class, WriteThroughServices.class})
    static class PassingSample {

        @BeforeEach
        void setUp(TestDatabase db, TestRedis redis) {
            DATABASES.add(db);
            db.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            redis.client().set(redis.key("a"), "1");
        }

        @Test
        void first(TestDatabase db, TestRedis redis, PrivateRedisServer server) {
            DATABASES.add(db);
            PREFIXES.add(redis);
            SERVERS.add(server);
            assertThat(db.queryRows("SELECT id FROM t")).hasSize(1);
            assertThat(redis.keys()).containsExactly(redis.key("a"));
            assertThat(server.isRunning()).isTrue();
        }

        @Test
        void second(TestDatabase db, TestRedis redis) {
            DATABASES.add(db);
            PREFIXES.add(redis);
            assertThat(redis.keys()).containsExactly(redis.key("a"));
        }
    }

    @ExtendWith({RunOnlyThroughTestKit.class, WriteThroughServices.class})
    static class FailingSample {

        @Test
        void failsInsideAnOpenTransaction(TestDatabase db, TestRedis redis) throws Exception {
            DATABASES.add(db);
            PREFIXES.add(redis);
            db.execute("CREATE TABLE t (id int PRIMARY KEY)");
            redis.client().set(redis.key("left-behind"), "1");
            Connection connection = db.connect();
            CONNECTIONS.add(connection);
            connection.setAutoCommit(false);
            connection.createStatement().execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
            assertThat(1).as("this sample test fails on purpose").isEqualTo(2);
        }
    }
}
