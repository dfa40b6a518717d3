package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What ended transactions leave behind is resolved by the recovery sweep: the values of an aborted transaction go,
 * the marks of a committed one go, a key whose value cannot be decided is refilled from the database, and a live
 * transaction's key is left alone. Transactions "crash" here by having their session terminated while the driver's
 * connection is abandoned, so no undo of the driver runs; {@code CrashRecoveryTest} kills real processes.
 */
@ExtendWith(WriteThroughServices.class)
class RecoverySweepTest {

    @Test
    void theValuesOfATransactionThatDiedBeforeCommitAreRestored(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Connection dying = s.connect();
        dying.setAutoCommit(false);
        try (Statement st = dying.createStatement()) {
            st.executeUpdate("UPDATE users SET name = 'uncommitted' WHERE id IN (1, 2)");
            st.executeUpdate("INSERT INTO users VALUES (9, 'never')");
        }
        assertThat(s.hash("user:1")).containsEntry("name", "uncommitted");
        terminate(db, dying);

        // The sweep that the first connection started may have resolved some already: the outcome is what counts.
        WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

        assertThat(s.hash("user:1")).containsEntry("name", "a");
        assertThat(s.exists("user:9")).isFalse();
        s.assertConsistent();
        assertThat(marks(s)).isZero();
    }

    @Test
    void theMarksOfATransactionThatCommittedAreDropped(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        // What a process that died right after its commit leaves: the committed value, and its mark.
        String databaseId;
        long committedXid;
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            databaseId = single(st, "SELECT system_identifier::text FROM pg_control_system()");
            raw.setAutoCommit(false);
            committedXid = Long.parseLong(single(st, "SELECT txid_current()::text"));
            st.executeUpdate("UPDATE users SET name = 'committed' WHERE id = 1");
            raw.commit();
        }
        redis.client().hset(s.key("user:1"), Map.of("id", "1", "name", "committed"));
        redis.client().hset(OwnershipProtocol.markKey(s.key("user:1")), Map.of(
                MarkField.OWNER_TX.field(), "deadbeef:2", MarkField.OWNER_XID.field(), Long.toString(committedXid),
                MarkField.DATABASE.field(), databaseId, MarkField.BEFORE_VALUE.field(), "stale"));

        WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

        assertThat(s.hash("user:1")).containsEntry("name", "committed");
        assertThat(marks(s)).isZero();
        s.assertConsistent();
    }

    @Test
    void aCommittedTransactionsMarksGoWhenItsConnectionIsIdle(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection idle = s.connect(); Statement st = idle.createStatement()) {
            idle.setAutoCommit(false);
            st.executeUpdate("UPDATE users SET name = 'committed' WHERE id IN (1, 2)");
            idle.commit();
            // No further call on the connection: its marks must not wait for one.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (marks(s) > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(marks(s)).as("marks left 2 s after the commit of an idle connection").isZero();
        }
        s.assertConsistent();
    }

    @Test
    void theMarksOfABusyConnectionGoOnceItIdles(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection busy = s.connect(); Statement st = busy.createStatement()) {
            // Commits for three of the idle check's periods (250 ms), so that its checks find newer marks and look again.
            long busyUntil = System.nanoTime() + 750_000_000L;
            int n = 0;
            while (System.nanoTime() < busyUntil) {
                st.executeUpdate("UPDATE users SET name = 'busy " + n++ + "' WHERE id = " + (1 + n % 2));
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (marks(s) > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(marks(s)).as("marks left 2 s after %d commits, the connection idle since", n).isZero();
        }
        s.assertConsistent();
    }

    @Test
    void aLiveTransactionsKeysAreLeftAlone(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection live = s.connect(); Statement st = live.createStatement()) {
            live.setAutoCommit(false);
            st.executeUpdate("UPDATE users SET name = 'in flight' WHERE id = 1");

            SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

            assertThat(result.live()).isEqualTo(1);
            assertThat(s.hash("user:1")).containsEntry("name", "in flight");
            assertThat(marks(s)).isEqualTo(1);
            live.commit();
        }
        s.assertConsistent();
    }

    @Test
    void aKeyWhoseValueBeforeCannotBeDecidedIsRefilledFromTheDatabase(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        // An aborted transaction's mark that took over from an owner nobody can judge ('?'): either value might be wrong.
        String databaseId;
        long abortedXid;
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            databaseId = single(st, "SELECT system_identifier::text FROM pg_control_system()");
            raw.setAutoCommit(false);
            abortedXid = Long.parseLong(single(st, "SELECT txid_current()::text"));
            raw.rollback();
            st.executeUpdate("UPDATE users SET name = 'committed meanwhile' WHERE id = 2");
            raw.commit();
        }
        redis.client().hset(s.key("user:2"), Map.of("id", "2", "name", "dead value"));
        redis.client().hset(OwnershipProtocol.markKey(s.key("user:2")), Map.of(
                MarkField.OWNER_TX.field(), "deadbeef:1", MarkField.OWNER_XID.field(), Long.toString(abortedXid),
                MarkField.DATABASE.field(), databaseId, MarkField.EARLIER_XID.field(), "?",
                MarkField.EARLIER_BEFORE_ABSENT.field(), "1"));

        SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

        assertThat(result.refilled()).isEqualTo(1);
        assertThat(s.hash("user:2")).containsEntry("name", "committed meanwhile");
        assertThat(marks(s)).isZero();
        s.assertConsistent();
    }

    @Test
    void marksOfAnotherDatabaseAreNotJudged(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        redis.client().hset(OwnershipProtocol.markKey(s.key("user:1")), Map.of(MarkField.OWNER_TX.field(), "other:1",
                MarkField.OWNER_XID.field(), "3", MarkField.DATABASE.field(), "another-cluster"));

        SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

        assertThat(result.marks()).isZero();
        assertThat(marks(s)).isEqualTo(1);
        redis.client().del(OwnershipProtocol.markKey(s.key("user:1")));
    }

    @Test
    void theTimerResolvesACrashWithinTheInterval(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Properties quick = s.properties();
        quick.setProperty("writethrough.recovery.interval.ms", "300");
        try (Connection watcher = DriverManager.getConnection(db.writeThroughUrl(), quick)) {
            Connection dying = DriverManager.getConnection(db.writeThroughUrl(), quick);
            dying.setAutoCommit(false);
            try (Statement st = dying.createStatement()) {
                st.executeUpdate("UPDATE users SET name = 'uncommitted' WHERE id = 3");
            }
            terminate(db, dying);
            long deadline = System.nanoTime() + 5_300_000_000L;
            // Polling the effect of a background timer, bounded by the guarantee (interval + 5 s).
            while (marks(s) > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(marks(s)).isZero();
            assertThat(s.hash("user:3")).containsEntry("name", "c");
            assertThat(watcher.isValid(1)).isTrue();
        }
        s.assertConsistent();
    }

    private static MappedSchema schema(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        return s;
    }

    /** Ends the connection's session from outside, as a dead client's would end: the driver runs no undo. */
    private static void terminate(TestDatabase db, Connection abandoned) throws SQLException {
        String pid;
        try (Statement st = abandoned.createStatement()) {
            pid = single(st, "SELECT pg_backend_pid()::text");
        }
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            // The backend is gone once it no longer shows; its transaction is then aborted.
            while (!single(st, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid).equals("0")) {
                Thread.onSpinWait();
            }
        }
    }

    private static long marks(MappedSchema s) {
        return s.redisClient().keys(OwnershipProtocol.markKey(s.key("*"))).size();
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
