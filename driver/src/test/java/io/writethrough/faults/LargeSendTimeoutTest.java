package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * A statement whose Redis writes are far larger than the socket buffers (8 KB rows: 32 MB and more), sent to a Redis
 * that stopped reading (SIGSTOP, no proxy in between): the send is bounded by {@code redis.timeout.ms} as a reply is,
 * so the statement fails with 40003 instead of waiting until Redis reads again; once Redis runs again, no entry is
 * stale. Each way a write is sent: autocommit (4,000 rows; 6,000 rows, more than one script call), a transaction's
 * pipeline ({@code redis.pipeline=transaction}, the statement not waiting for its reply), one 20 MB value, and a Redis
 * Cluster's pipeline per primary with one primary stopped.
 */
@ExtendWith(WriteThroughServices.class)
class LargeSendTimeoutTest {

    private static final int TIMEOUT_MS = 1_000;
    /** The database's own work (up to 6,000 rows of 8 KB), on a loaded 2-core machine. */
    private static final int SLACK_MS = 6_000;

    @ParameterizedTest(name = "{0} rows, redis.pipeline={1}, autocommit {2}")
    @CsvSource({"4000, statement, true", "6000, statement, true", "4000, transaction, false"})
    void manyRowsToARedisThatDoesNotReadFailWithinTheTimeout(int rows, String pipeline, boolean autoCommit,
            TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE blobs (id int PRIMARY KEY, body text)");
        Properties properties = config("redis.url=" + server.url());
        properties.setProperty("writethrough.redis.pipeline", pipeline);
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO blobs VALUES (0, 'before')");
            awaitNoMarks(server);
            c.setAutoCommit(autoCommit);
            assertFailsWithinTheTimeout(List.of(server), rows + " rows (" + pipeline + ") to a frozen Redis",
                    () -> st.executeUpdate("INSERT INTO blobs SELECT g, repeat(md5(g::text), 256) "
                            + "FROM generate_series(1, " + rows + ") g"));
            if (!autoCommit) {
                c.rollback();
            }
        }
        // After Redis runs again: a write; nothing of the failed INSERT remains.
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE blobs SET body = 'after' WHERE id = 0");
        }
        assertOnlyTheFirstRowIsCached(db, server, properties, "after");
    }

    /** One row whose value alone (20 MB) outgrows the socket buffers. */
    @Test
    void oneHugeValueToARedisThatDoesNotReadFailsWithinTheTimeout(TestDatabase db, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE blobs (id int PRIMARY KEY, body text)");
        Properties properties = config("redis.url=" + server.url());
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO blobs VALUES (0, 'before')");
            awaitNoMarks(server);
            assertFailsWithinTheTimeout(List.of(server), "one 20 MB value to a frozen Redis",
                    () -> st.executeUpdate("UPDATE blobs SET body = repeat('x', 20000000) WHERE id = 0"));
        }
        assertOnlyTheFirstRowIsCached(db, server, properties, "before");
    }

    /**
     * On a Redis Cluster a statement's scripts go in one pipeline per primary: 6,000 rows of 8 KB put some 16 MB on
     * each. One primary stops reading (its node timeout long enough that no failover starts).
     */
    @Test
    void aPipelineToAClusterPrimaryThatDoesNotReadFailsWithinTheTimeout(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE blobs (id int PRIMARY KEY, body text)");
        try (PrivateRedisCluster cluster = PrivateRedisCluster.launch(Duration.ofSeconds(60))) {
            Properties properties = config("redis.cluster.nodes=" + cluster.seeds());
            try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
                 Statement st = c.createStatement()) {
                // A pooled connection to every primary, idle once the commit's marks are released.
                st.executeUpdate("INSERT INTO blobs SELECT g, 'before' FROM generate_series(1, 100) g");
                Poll.until("the commit's marks to be released", Duration.ofSeconds(10),
                        () -> cluster.keys("writethrough:own:*").isEmpty() ? null : "marks left");
                assertFailsWithinTheTimeout(List.of(cluster.primaries().get(0)),
                        "6000 rows to a cluster with a frozen primary",
                        () -> st.executeUpdate("INSERT INTO blobs SELECT g, repeat(md5(g::text), 256) "
                                + "FROM generate_series(101, 6100) g"));
            }
            WriteThroughDriver.recover(db.writeThroughUrl(), properties);
            assertThat(cluster.keys("lb:*")).hasSize(100);
            assertThat(cluster.keys("writethrough:own:*")).as("marks left").isEmpty();
        }
    }

    @FunctionalInterface
    private interface SqlCall {
        void run() throws SQLException;
    }

    /**
     * Stops {@code servers}, runs {@code call} (a hang fails the test after 30 s), starts them again; the call failed
     * with 40003, naming the send Redis did not read, within the timeout and the database's own work.
     */
    private static void assertFailsWithinTheTimeout(List<PrivateRedisServer> servers, String what, SqlCall call) {
        servers.forEach(PrivateRedisServer::pause);
        SQLException failure;
        long took;
        try {
            long start = System.nanoTime();
            failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try {
                    call.run();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            }, what + ": waited for Redis to read");
            took = (System.nanoTime() - start) / 1_000_000;
        } finally {
            servers.forEach(PrivateRedisServer::resume);
        }
        assertThat((Object) failure).as(what + ": the outcome").isNotNull();
        assertThat(failure.getSQLState()).isEqualTo("40003");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages).contains("did not read", "redis.timeout.ms");
        System.out.println(what + ": failed after " + took + " ms");
        assertThat(took).as(what + ": ms").isLessThan(TIMEOUT_MS + SLACK_MS);
    }

    /**
     * The commit's release of its marks runs in the background, on a pooled connection: once it is done, the next
     * statement takes that connection, idle, rather than open one (which a frozen Redis would refuse).
     */
    private static void awaitNoMarks(PrivateRedisServer server) {
        try (Jedis redis = new Jedis(server.host(), server.port())) {
            Poll.until("the commit's marks to be released", Duration.ofSeconds(10),
                    () -> redis.keys("writethrough:own:*").isEmpty() ? null : "marks left");
        }
    }

    /** After Redis runs again: what the recovery timer does; then only lb:0 is in Redis, with {@code body}. */
    private static void assertOnlyTheFirstRowIsCached(TestDatabase db, PrivateRedisServer server,
            Properties properties, String body) throws SQLException {
        WriteThroughDriver.recover(db.writeThroughUrl(), properties);
        try (Jedis redis = new Jedis(server.host(), server.port())) {
            List<String> keys = redis.scan("0", new ScanParams().match("lb:*").count(10_000)).getResult();
            assertThat(keys).containsExactly("lb:0");
            assertThat(redis.hget("lb:0", "body")).isEqualTo(body);
        }
    }

    private static Properties config(String redis) throws Exception {
        Path file = Files.createTempFile("writethrough-large-send-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", redis, "redis.timeout.ms=" + TIMEOUT_MS,
                "recovery.interval.ms=0", "table.blobs.key=lb:{id}", ""));
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", file.toString());
        return properties;
    }
}
