package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.Poll;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * A statement whose Redis writes are far larger than the socket buffers (32 MB), sent to a Redis that stopped reading
 * (SIGSTOP, no proxy in between): the send is bounded by {@code redis.timeout.ms} as a reply is, so the statement
 * fails with 40003 instead of waiting until Redis reads again; once Redis runs again, no entry is stale.
 */
@ExtendWith(WriteThroughServices.class)
class LargeSendTimeoutTest {

    private static final int TIMEOUT_MS = 1_000;
    /** The database's own work (4,000 rows of 8 KB), on a loaded 2-core machine. */
    private static final int SLACK_MS = 6_000;

    @Test
    void aSendRedisDoesNotReadFailsWithinTheTimeout(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE blobs (id int PRIMARY KEY, body text)");
        Properties properties = config(server);
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO blobs VALUES (0, 'before')"); // a pooled Redis connection, replies read
            // The commit's release of the mark runs in the background, on a pooled connection: once it is done, the
            // statement below takes that connection, idle, rather than open one (which the frozen Redis would refuse).
            try (Jedis redis = new Jedis(server.host(), server.port())) {
                Poll.until("the mark of lb:0 to be released", Duration.ofSeconds(10),
                        () -> redis.keys("writethrough:own:*").isEmpty() ? null : "marks " + redis.keys("*own*"));
            }
            server.pause();
            SQLException failure;
            long took;
            try {
                long start = System.nanoTime();
                failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    try {
                        st.executeUpdate("INSERT INTO blobs SELECT g, repeat(md5(g::text), 256) "
                                + "FROM generate_series(1, 4000) g");
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                }, "a statement waited for a frozen Redis to read its writes");
                took = (System.nanoTime() - start) / 1_000_000;
            } finally {
                server.resume();
            }
            assertThat((Object) failure).as("the statement's outcome").isNotNull();
            assertThat(failure.getSQLState()).isEqualTo("40003");
            assertThat(messages(failure)).contains("did not read", "redis.timeout.ms");
            System.out.println("large send to a frozen Redis: failed after " + took + " ms");
            assertThat(took).as("ms the statement took").isLessThan(TIMEOUT_MS + SLACK_MS);
        }
        // After Redis runs again: a write, then what the recovery timer does; nothing of the failed INSERT remains.
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), properties);
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE blobs SET body = 'after' WHERE id = 0");
        }
        WriteThroughDriver.recover(db.writeThroughUrl(), properties);
        try (Jedis redis = new Jedis(server.host(), server.port())) {
            List<String> keys = redis.scan("0", new ScanParams().match("lb:*").count(10_000)).getResult();
            assertThat(keys).containsExactly("lb:0");
            assertThat(redis.hget("lb:0", "body")).isEqualTo("after");
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static Properties config(PrivateRedisServer server) throws Exception {
        Path file = Files.createTempFile("writethrough-large-send-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", "redis.url=" + server.url(), "redis.timeout.ms=" + TIMEOUT_MS,
                "recovery.interval.ms=0", "table.blobs.key=lb:{id}", ""));
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", file.toString());
        return properties;
    }
}
