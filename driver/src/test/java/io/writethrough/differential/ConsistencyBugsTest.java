package io.writethrough.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Minimal regressions for driver bugs found by the differential, fault, hostile-input and secrets tests (issue #6).
 * A test still disabled names a bug not fixed yet; remove the {@code @Disabled} with the fix.
 */
@ExtendWith(WriteThroughServices.class)
class ConsistencyBugsTest {

    @Test
    void aPreparedBatchThatMatchesNoRowIsNotAnError(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, note text)", "INSERT INTO t VALUES (1, 'x')");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), MappedSchema.of(db, redis, "table.t.key={p}t:{id}").properties());
             PreparedStatement ps = c.prepareStatement("UPDATE t SET note = ? WHERE id = ?")) {
            for (int id = 7; id <= 8; id++) {
                ps.setString(1, "n");
                ps.setInt(2, id);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(0, 0);
        }
    }

    @Test
    void closingAConnectionWhoseSessionWasTerminatedRestoresRedis(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000)) {
            Connection c = rig.connect();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = 666 WHERE id = 1");
                DatabaseFaultsTest.terminate(rig, DatabaseFaultsTest.pid(c));
                assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 667 WHERE id = 2"))
                        .isInstanceOf(SQLException.class);
            }
            c.close(); // what try-with-resources does: no rollback() call
            rig.assertNoStaleEntries("session terminated mid-transaction, then close() without rollback()");
        }
    }

    @Test
    void aStatementThatCompletesAfterAbortLeavesNothingInRedis(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection locker = rig.raw()) {
            locker.setAutoCommit(false);
            try (Statement l = locker.createStatement()) {
                l.executeUpdate("UPDATE accounts SET balance = balance WHERE id = 2");
            }
            Connection c = rig.connect();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
            }
            int pid = DatabaseFaultsTest.pid(c);
            ExecutorService app = Executors.newSingleThreadExecutor();
            HeldExecutor held = new HeldExecutor();
            try {
                Future<?> blocked = app.submit(() -> {
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 2");
                    }
                    return null;
                });
                DatabaseFaultsTest.awaitLockWait(rig, pid);
                c.abort(held); // JDBC: the abort work runs on the executor; pgjdbc closes the socket there
                locker.rollback(); // the blocked UPDATE now completes and writes through, after abort's undo
                try {
                    blocked.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // failing is fine; writing through a value the database will never commit is not
                }
                held.runAll();
                c.close();
            } finally {
                app.shutdownNow();
            }
            rig.assertNoStaleEntries("a statement completed between abort() and the connection's closing");
        }
    }

    /** An executor that keeps its tasks until told to run them: abort()'s asynchronous part, made observable. */
    static final class HeldExecutor implements Executor {
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized void runAll() {
            tasks.forEach(Runnable::run);
            tasks.clear();
        }
    }

    @Test
    void aWriteDeliveredAfterItsUndoDoesNotStayInRedis(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 300); Connection c = rig.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 10 WHERE id = 1");
            c.setAutoCommit(false);
            // The write's packet is stuck in the network past the timeout; the rollback's undo goes through on a
            // fresh connection; then the stuck write arrives.
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 11 WHERE id = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"));
            c.rollback();
            rig.proxy.releaseHeld();
            rig.direct.echo("after the late write"); // the late write is on an older connection; give it its turn
            awaitMarkGone(rig, FaultRig.PREFIX + "acc:1");
            rig.assertNoStaleEntries("a write delivered after its transaction's undo");
        }
    }

    @Test
    void aWriteDeliveredLateAfterASavepointRollbackIsUndoneByTheRollback(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 300); Connection c = rig.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 10 WHERE id = 1");
            c.setAutoCommit(false);
            Savepoint sp = c.setSavepoint();
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 11 WHERE id = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"));
            c.rollback(sp);
            rig.proxy.releaseHeld();
            awaitMarkGone(rig, FaultRig.PREFIX + "acc:1"); // the late write lands
            c.rollback();
            rig.assertNoStaleEntries("a write delivered after a savepoint rollback, then the transaction rolled back");
        }
    }

    private static void awaitMarkGone(FaultRig rig, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline && !"11".equals(rig.direct.hget(key, "balance"))) {
            Thread.sleep(10); // watching for the late write to land (or not), bounded
        }
    }

    @Test
    void aRollbackAfterAnotherConnectionsCommitRestoresTheCommittedValue(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection a = rig.connect(); Connection b = rig.connect();
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1"); // committed; the connection stays open, idle
            b.setAutoCommit(false);
            sb.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1");
            b.rollback();
            rig.assertExact("a committed value, then another transaction's rollback of the same key");
        }
    }

    @Test
    void anErrorInAKeyChangingUpdateReportsThePositionInTheApplicationsSql(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 1)");
        String sql = "UPDATE t SET id = 5 WHERE nosuch = 1";
        String expected;
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            expected = catchThrowable(() -> st.executeUpdate(sql)).getMessage();
        }
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), MappedSchema.of(db, redis, "table.t.key={p}t:{id}").properties());
             Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(sql)).hasMessage(expected); // "... Position: 27"
        }
    }

    @Test
    void aLargeUpdateRunsInBoundedMemory(TestDatabase db, PrivateRedisServer server) throws Exception {
        LargeUpdateMemoryTest.updateAllRowsInAForkedJvm(db, server, 200_000, "48m");
    }

    @Test
    void theApplicationsRowLimitsDoNotCutTheDriversRows(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, note text)",
                "INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 3) g");
        MappedSchema s = MappedSchema.of(db, redis, "table.t.key={p}t:{id}");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), s.properties());
             Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("UPDATE t SET note = ? WHERE id = ?")) {
            var client = redis.client();
            st.setMaxRows(1);
            st.setMaxFieldSize(3);
            assertThat(st.executeUpdate("UPDATE t SET note = 'a long note'")).as("pgjdbc's update count").isEqualTo(3);
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("t:" + id), "note")).as("row %d, whole", id).isEqualTo("a long note");
            }
            try (var rows = st.executeQuery("UPDATE t SET note = 'returned' RETURNING id")) {
                int returned = 0;
                while (rows.next()) {
                    returned++;
                }
                assertThat(returned).as("the application still gets at most maxRows rows").isEqualTo(1);
            }
            assertThat(client.hget(s.key("t:3"), "note")).isEqualTo("returned");
            assertThat(st.getMaxRows()).isEqualTo(1);
            assertThat(st.getMaxFieldSize()).isEqualTo(3);

            ps.setMaxRows(1);
            for (int id = 1; id <= 3; id++) {
                ps.setString(1, "batched " + id);
                ps.setInt(2, id);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("t:" + id), "note")).isEqualTo("batched " + id);
            }
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWhenTheApplicationsResultIsClosed(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, note text)", "INSERT INTO t VALUES (1, 'x')");
        MappedSchema s = MappedSchema.of(db, redis, "table.t.key={p}t:{id}");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), s.properties())) {
            Statement st = c.createStatement();
            st.closeOnCompletion();
            assertThat(st.executeUpdate("UPDATE t SET note = 'y'")).as("no result set: the statement stays open").isEqualTo(1);
            assertThat(redis.client().hget(s.key("t:1"), "note")).isEqualTo("y");
            try (var rows = st.executeQuery("UPDATE t SET note = 'z' RETURNING id")) {
                assertThat(rows.next()).isTrue();
                assertThat(st.isClosed()).isFalse();
            }
            assertThat(st.isClosed()).as("closed with its result").isTrue();

            PreparedStatement ps = c.prepareStatement("SELECT note FROM t WHERE id = ?");
            ps.closeOnCompletion();
            assertThat(ps.isCloseOnCompletion()).isTrue();
            ps.setInt(1, 1);
            try (var rows = ps.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("z");
            }
            assertThat(ps.isClosed()).isTrue();
        }
    }

    static String state(SQLException e) {
        return e.getSQLState();
    }
}
