package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * {@code redis.pipeline}: with {@code transaction} a statement in a transaction returns without waiting for its Redis
 * write, and the transaction waits for all of them before it commits; with {@code statement} (the default) each
 * statement waits. A private Redis whose writes are paused ({@code CLIENT PAUSE … WRITE}) tells the two apart: reads
 * still answer, so the test sees what Redis has applied when a statement returns.
 */
@ExtendWith(WriteThroughServices.class)
class PipelinedWritesTest {

    private static final int TIMEOUT_MS = 2_000;

    private static Connection connect(TestDatabase db, MappedSchema s, PrivateRedisServer server, String pipeline)
            throws SQLException {
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.redis.timeout.ms", Integer.toString(TIMEOUT_MS));
        if (pipeline != null) {
            p.setProperty("writethrough.redis.pipeline", pipeline);
        }
        return DriverManager.getConnection(db.writeThroughUrl(), p);
    }

    /** JDBC work run while the server makes writes wait and answers reads. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static void whileWritesPaused(RedisClient client, Work work) throws Exception {
        client.sendCommand(Protocol.Command.CLIENT, "PAUSE", "60000", "WRITE");
        try {
            work.run();
        } finally {
            client.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
        }
    }

    private static MappedSchema accounts(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 3) g");
        return MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
    }

    /** Every row's entry as written by an autocommit statement: loads the scripts and opens a pooled connection. */
    private static void writeAll(Statement st, int balance) throws SQLException {
        assertThat(st.executeUpdate("UPDATE accounts SET balance = " + balance)).isEqualTo(3);
    }

    @Test
    void aTransactionsStatementsReturnBeforeRedisHasTheirWritesAndItsCommitWaitsForThem(TestDatabase db, TestRedis redis,
            PrivateRedisServer server) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = connect(db, s, server, "transaction"); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            writeAll(st, 100);
            c.setAutoCommit(false);
            whileWritesPaused(client, () -> {
                for (int id = 1; id <= 3; id++) {
                    assertThat(st.executeUpdate("UPDATE accounts SET balance = " + (200 + id) + " WHERE id = " + id))
                            .isEqualTo(1);
                }
                for (int id = 1; id <= 3; id++) {
                    assertThat(client.hget(s.key("acc:" + id), "balance"))
                            .as("Redis, paused, has not run the statement's write when the statement returns")
                            .isEqualTo("100");
                }
            });
            c.commit();
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("acc:" + id), "balance")).isEqualTo(Integer.toString(200 + id));
            }
        }
    }

    @Test
    void byDefaultEachStatementWaitsForItsWrite(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = connect(db, s, server, null); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            writeAll(st, 100);
            c.setAutoCommit(false);
            assertThat(st.executeUpdate("UPDATE accounts SET balance = 201 WHERE id = 1")).isEqualTo(1);
            assertThat(client.hget(s.key("acc:1"), "balance")).as("the statement's own value, when it returns")
                    .isEqualTo("201");
            whileWritesPaused(client, () -> assertThatThrownBy(
                    () -> st.executeUpdate("UPDATE accounts SET balance = 202 WHERE id = 2"))
                    .as("the statement waits for its write, which Redis does not run within the timeout")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003")));
            c.rollback();
        }
        assertThat(s.balance(1)).isEqualTo(100);
    }

    @Test
    void aWriteWhoseReplyIsLostAfterItsStatementReturnedFailsTheCommit(TestDatabase db, TestRedis redis,
            PrivateRedisServer server) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = connect(db, s, server, "transaction"); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            writeAll(st, 100);
            c.setAutoCommit(false);
            whileWritesPaused(client, () -> {
                assertThat(st.executeUpdate("UPDATE accounts SET balance = 201 WHERE id = 1")).isEqualTo(1);
                assertThat(st.executeUpdate("UPDATE accounts SET balance = 202 WHERE id = 2")).isEqualTo(1);
                // The driver's connections go, the transaction's with its two writes still waiting to run.
                client.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
            });
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("40000");
                assertThat(e.getMessage()).contains("rolled back instead of committed");
            });
            assertThat(s.balance(1)).isEqualTo(100);
            assertThat(s.balance(2)).isEqualTo(100);
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("acc:" + id), "balance")).isEqualTo("100");
            }
            c.setAutoCommit(true);
            writeAll(st, 300);
            assertThat(client.hget(s.key("acc:2"), "balance")).as("the next transaction writes through").isEqualTo("300");
        }
    }

    @Test
    void writesSentAfterTheServerLostTheScriptAreRunAgain(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = connect(db, s, server, "transaction"); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            writeAll(st, 100);
            c.setAutoCommit(false);
            client.scriptFlush();
            st.executeUpdate("UPDATE accounts SET balance = 201 WHERE id = 1");
            st.executeUpdate("UPDATE accounts SET balance = 202 WHERE id = 2");
            c.commit();
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("201");
            assertThat(client.hget(s.key("acc:2"), "balance")).isEqualTo("202");
        }
        assertThat(s.balance(2)).isEqualTo(202);
    }

    @Test
    void aSavepointWaitsForTheWritesBeforeIt(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = connect(db, s, server, "transaction"); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            writeAll(st, 100);
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 201 WHERE id = 1");
            java.sql.Savepoint savepoint = c.setSavepoint();
            assertThat(client.hget(s.key("acc:1"), "balance")).as("the write before the savepoint has been read back")
                    .isEqualTo("201");
            st.executeUpdate("UPDATE accounts SET balance = 301 WHERE id = 1");
            st.executeUpdate("UPDATE accounts SET balance = 302 WHERE id = 2");
            c.rollback(savepoint);
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("201");
            assertThat(client.hget(s.key("acc:2"), "balance")).isEqualTo("100");
            c.commit();
            assertThat(client.hget(s.key("acc:1"), "balance")).isEqualTo("201");
        }
        assertThat(s.balance(1)).isEqualTo(201);
    }
}
