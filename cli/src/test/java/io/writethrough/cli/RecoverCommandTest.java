package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * {@code recover} resolves an orphaned ownership mark now: the mark of a transaction that aborted without the driver's
 * undo (its INSERT's entry, whose value before was "absent") is undone, and the command says so. On a Redis of the
 * test's own, so that no other process's sweep resolves it first.
 */
@ExtendWith(WriteThroughServices.class)
class RecoverCommandTest {

    @Test
    void recoverUndoesTheEntryOfATransactionThatAborted(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            Shop shop = Shop.create(db, server.url(), redis, "rc:");
            String databaseId;
            String abortedXid;
            try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
                databaseId = single(st, "SELECT system_identifier::text FROM pg_control_system()");
                raw.setAutoCommit(false);
                abortedXid = single(st, "SELECT txid_current()::text");
                st.executeUpdate("INSERT INTO users (id, name) VALUES (9, 'never')");
                raw.rollback();
            }
            // What a process killed after writing through its INSERT, before its commit, leaves behind.
            redis.hset("rc:user:9", Map.of("id", "9", "name", "never"));
            redis.hset("writethrough:own:rc:user:9", Map.of("t", "deadbeef:1", "x", abortedXid, "d", databaseId));

            Cli.Result result = Cli.run(shop.args("recover"));

            assertThat(result.exit()).as("%s", result).isZero();
            assertThat(result.lastLine()).isEqualTo("marks=1 live=0 released=0 restored=1 refilled=0 pending=0");
            assertThat(redis.exists("rc:user:9")).isFalse();
            assertThat(redis.exists("writethrough:own:rc:user:9")).isFalse();
            shop.assertConsistent();
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
