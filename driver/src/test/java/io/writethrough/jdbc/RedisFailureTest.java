package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Nothing reaches the database that Redis lacks: a private Redis is stopped in the middle of the work. */
@ExtendWith(WriteThroughServices.class)
class RedisFailureTest {

    private static Properties privateRedis(MappedSchema s, PrivateRedisServer server) {
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.redis.timeout.ms", "500");
        return p;
    }

    @Test
    void aTransactionWhoseRedisWriteFailedCannotCommit(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)",
                "CREATE TABLE audit (what text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        try (Connection c = java.sql.DriverManager.getConnection(db.writeThroughUrl(), privateRedis(s, server));
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            server.stop();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 102 WHERE id = 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining(s.key("acc:1"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40003"));
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 103 WHERE id = 1"))
                    .as("further mapped writes are refused before they run")
                    .hasMessageContaining("can no longer write");
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("rolled back");
        }
        assertThat(s.balance(1)).isEqualTo(100);
        server.start();
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            // The first write reached Redis before it stopped; the undo ran once Redis was back... or the key
            // is absent (Redis kept nothing on disk). Either way no value that was never committed.
            assertThat(client.hget(s.key("acc:1"), "balance")).isIn(null, "100");
        }
    }

    @Test
    void aPipelinedTransactionWhoseRedisStoppedCannotCommit(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        Properties p = privateRedis(s, server);
        p.setProperty("writethrough.redis.pipeline", "transaction");
        try (Connection c = java.sql.DriverManager.getConnection(db.writeThroughUrl(), p);
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            server.stop();
            // Sent on the transaction's connection without waiting: the failure may come at once or at the commit.
            try {
                st.executeUpdate("UPDATE accounts SET balance = 102 WHERE id = 1");
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("40003");
                assertThat(e.getMessage()).contains(s.key("acc:1"));
            }
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.getMessage()).contains("rolled back");
            });
        }
        assertThat(s.balance(1)).isEqualTo(100);
        server.start();
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            assertThat(client.hget(s.key("acc:1"), "balance")).isIn(null, "100");
        }
    }

    @Test
    void autocommitWritesFailWithoutCommittingAndUnmappedWorkGoesOn(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)",
                "CREATE TABLE audit (what text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        try (Connection c = java.sql.DriverManager.getConnection(db.writeThroughUrl(), privateRedis(s, server));
                Statement st = c.createStatement()) {
            server.stop();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 5 WHERE id = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining(s.key("acc:1"));
            assertThat(s.balance(1)).as("nothing committed that Redis lacks").isEqualTo(100);
            assertThat(st.executeUpdate("INSERT INTO audit VALUES ('still works')")).isEqualTo(1);
            try (ResultSet rs = st.executeQuery("SELECT balance FROM accounts")) {
                assertThat(rs.next()).isTrue();
            }
            server.start();
            assertThat(st.executeUpdate("UPDATE accounts SET balance = 6 WHERE id = 1")).isEqualTo(1);
        }
        assertThat(s.balance(1)).isEqualTo(6);
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("6");
        }
    }

    @Test
    void scriptsTheServerForgotAreSentAgain(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        int rows = 12_000; // three script calls in one pipeline
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts SELECT g, 0 FROM generate_series(1, " + rows + ") g");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        try (Connection c = java.sql.DriverManager.getConnection(db.writeThroughUrl(), privateRedis(s, server));
                Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
            client.scriptFlush();
            assertThat(st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1")).isEqualTo(1);
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("2");

            client.scriptFlush();
            assertThat(st.executeUpdate("UPDATE accounts SET balance = 3")).isEqualTo(rows);
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("3");
            assertThat(client.hget(s.key("acc:" + rows), "balance")).isEqualTo("3");

            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 4 WHERE id = 1");
            client.scriptFlush();
            c.rollback();
            assertThat(client.hget(s.key("acc:1"), "balance")).as("the undo ran").isEqualTo("3");
        }
    }
}
