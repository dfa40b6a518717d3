package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database fails in the middle of a transaction that has already written to Redis — constraint violations,
 * a deadlock, statement_timeout, the session terminated (then rollback() or only close()), a failed commit, abort()
 * from another thread (also with a statement that completes after it), a pooled connection handed back without
 * commit. The application sees the database's own error (same SQLState), and afterwards Redis equals the database
 * (every entry exact; where the outcome is unknown, absent).
 */
@ExtendWith(WriteThroughServices.class)
class DatabaseFaultsTest {

    private static final int TIMEOUT_MS = 2_000;

    private static void update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static String state(Throwable e) {
        return e instanceof SQLException s ? s.getSQLState() : null;
    }

    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits (bounded) until the session is blocked on a lock, observed in pg_stat_activity. */
    static void awaitLockWait(FaultRig rig, int pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection admin = rig.db.postgres().connect();
             PreparedStatement ps = admin.prepareStatement("SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "Lock".equals(rs.getString(1))) {
                        return;
                    }
                }
                Thread.sleep(10); // polling another session's state; bounded by the deadline
            }
        }
        throw new AssertionError("session " + pid + " did not block on a lock within 10 s");
    }

    static void terminate(FaultRig rig, int pid) throws SQLException {
        try (Connection admin = rig.db.postgres().connect(); PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    /** The error PostgreSQL gives for {@code sql} on a raw connection, in a transaction rolled back afterwards. */
    private static SQLException rawError(FaultRig rig, String sql) throws SQLException {
        try (Connection raw = rig.raw()) {
            raw.setAutoCommit(false);
            try {
                update(raw, sql);
            } catch (SQLException e) {
                return e;
            } finally {
                raw.rollback();
            }
        }
        throw new AssertionError("expected the database to refuse: " + sql);
    }

    @Test
    void constraintViolationsMidTransaction(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect()) {
            for (String failing : new String[] {
                "INSERT INTO accounts (id) VALUES (50)",                              // 23505
                "UPDATE order_lines SET qty = 0 WHERE order_id = 2",                  // 23514
                "UPDATE order_lines SET line_no = 1 WHERE order_id = 3",              // 23505 at the deferrable key's check
                "INSERT INTO tags (name) VALUES (NULL)",                              // 23502
            }) {
                SQLException expected = rawError(rig, failing);
                c.setAutoCommit(false);
                update(c, "UPDATE accounts SET balance = balance + 1000 WHERE id BETWEEN 1 AND 10");
                update(c, "INSERT INTO tags (name, hits) VALUES ('mid-tx', 1) ON CONFLICT (name) DO UPDATE SET hits = 99");
                assertThatThrownBy(() -> update(c, failing)).as(failing)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getClass()).isEqualTo(expected.getClass());
                            assertThat(e.getSQLState()).isEqualTo(expected.getSQLState());
                            assertThat(e.getMessage()).isEqualTo(expected.getMessage());
                        });
                c.rollback();
                c.setAutoCommit(true);
                rig.assertExact("rolled back after: " + failing);
            }
        }
    }

    @Test
    void aDeadlockBetweenTwoTransactions(TestDatabase db, PrivateRedisServer server) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection a = rig.connect(); Connection b = rig.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            update(a, "UPDATE accounts SET balance = 111 WHERE id = 1");
            update(b, "UPDATE accounts SET balance = 222 WHERE id = 2");
            int pidA = pid(a);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    update(a, "UPDATE accounts SET balance = 112 WHERE id = 2");
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, other);
            awaitLockWait(rig, pidA);
            SQLException second = null;
            try {
                update(b, "UPDATE accounts SET balance = 221 WHERE id = 1");
            } catch (SQLException e) {
                second = e;
            }
            SQLException firstError = null;
            try {
                first.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                firstError = (SQLException) e.getCause();
            }
            assertThat(second == null ? state(firstError) : state(second)).as("one of them is the deadlock victim").isEqualTo("40P01");
            assertThat(second == null || firstError == null).as("only one victim").isTrue();
            Connection survivor = second == null ? b : a;
            Connection victim = second == null ? a : b;
            victim.rollback();
            survivor.commit();
            rig.assertExact("after a deadlock: victim rolled back, survivor committed");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void statementTimeoutMidTransactionAndInAutocommit(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect()) {
            update(c, "SET statement_timeout = '100ms'");
            String slow = "UPDATE accounts SET balance = -1 WHERE id BETWEEN 1 AND 3 AND pg_sleep(0.5) IS NOT NULL";
            assertThatThrownBy(() -> update(c, slow)).satisfies(e -> assertThat(state(e)).isEqualTo("57014"));
            c.setAutoCommit(false);
            update(c, "UPDATE accounts SET balance = 5 WHERE id = 4");
            assertThatThrownBy(() -> update(c, slow)).satisfies(e -> assertThat(state(e)).isEqualTo("57014"));
            c.rollback();
            c.setAutoCommit(true);
            rig.assertExact("after statement_timeout");
        }
    }

    @Test
    void theSessionTerminatedMidTransactionThenRolledBack(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS)) {
            Connection c = rig.connect();
            c.setAutoCommit(false);
            update(c, "UPDATE accounts SET balance = 666 WHERE id = 1");
            terminate(rig, pid(c));
            assertThatThrownBy(() -> update(c, "UPDATE accounts SET balance = 667 WHERE id = 2"))
                    .satisfies(e -> assertThat(state(e)).isIn("57P01", "08006", "08003"));
            assertThatThrownBy(c::rollback).isInstanceOf(SQLException.class);
            c.close();
            rig.assertNoStaleEntries("session terminated mid-transaction, then rollback()");
        }
    }

    @Test
    void closingAConnectionWhoseSessionWasTerminatedRestoresRedis(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000)) {
            Connection c = rig.connect();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = 666 WHERE id = 1");
                terminate(rig, pid(c));
                assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 667 WHERE id = 2"))
                        .isInstanceOf(SQLException.class);
            }
            c.close(); // what try-with-resources does: no rollback() call
            rig.assertNoStaleEntries("session terminated mid-transaction, then close() without rollback()");
        }
    }

    @Test
    void theSessionTerminatedDuringCommit(TestDatabase db, PrivateRedisServer server) throws Exception {
        // COMMIT waits on a deferred unique check that another transaction's uncommitted row blocks; the session is
        // terminated while it waits: the outcome is unknown to the driver, which must then invalidate its keys.
        db.execute("CREATE TABLE codes (code int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection blocker = rig.raw()) {
            blocker.setAutoCommit(false);
            update(blocker, "INSERT INTO codes VALUES (1)");
            Connection c = rig.connect();
            c.setAutoCommit(false);
            update(c, "UPDATE accounts SET balance = 777 WHERE id = 1");
            update(c, "INSERT INTO codes VALUES (1)");
            int pid = pid(c);
            CompletableFuture<SQLException> commit = CompletableFuture.supplyAsync(() -> {
                try {
                    c.commit();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitLockWait(rig, pid);
            terminate(rig, pid);
            SQLException failure = commit.get(30, TimeUnit.SECONDS);
            assertThat((Throwable) failure).as("commit of a terminated session fails").isNotNull();
            blocker.rollback();
            c.close();
            rig.assertNoStaleEntries("session terminated during COMMIT");
        }
    }

    @Test
    void aFailedCommitRestoresRedis(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE codes (code int UNIQUE DEFERRABLE INITIALLY DEFERRED)", "INSERT INTO codes VALUES (1)");
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect()) {
            c.setAutoCommit(false);
            update(c, "UPDATE accounts SET balance = 888 WHERE id BETWEEN 1 AND 20");
            update(c, "DELETE FROM tags WHERE name IN ('a', 'b', 'a:b')");
            update(c, "INSERT INTO codes VALUES (1)");
            assertThatThrownBy(c::commit).satisfies(e -> assertThat(state(e)).isEqualTo("23505"));
            rig.assertExact("commit failed on a deferred unique check");
        }
    }

    @Test
    void abortFromAnotherThreadWhileAStatementIsBlocked(TestDatabase db, PrivateRedisServer server) throws Exception {
        Leaks leaks = Leaks.snapshot();
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection locker = rig.raw()) {
            locker.setAutoCommit(false);
            update(locker, "UPDATE accounts SET balance = balance WHERE id = 2");
            Connection c = rig.connect();
            c.setAutoCommit(false);
            update(c, "UPDATE accounts SET balance = 1 WHERE id = 1");
            update(c, "INSERT INTO tags (name) VALUES ('aborted')");
            int pid = pid(c);
            ExecutorService app = Executors.newSingleThreadExecutor();
            ExecutorService aborter = Executors.newSingleThreadExecutor();
            try {
                CompletableFuture<SQLException> blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        update(c, "UPDATE accounts SET balance = 2 WHERE id = 2");
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                }, app);
                awaitLockWait(rig, pid);
                c.abort(aborter);
                aborter.shutdown();
                assertThat(aborter.awaitTermination(10, TimeUnit.SECONDS)).as("abort's work finished").isTrue();
                assertThat((Throwable) blocked.get(30, TimeUnit.SECONDS)).as("the blocked statement fails").isNotNull();
                assertThat(c.isClosed()).isTrue();
            } finally {
                app.shutdownNow();
                aborter.shutdownNow();
                locker.rollback();
            }
            rig.assertExact("abort() from another thread while a statement was blocked");
            assertThat(Leaks.sessions(db, rig.schema.applicationName(), Duration.ofSeconds(5))).as("sessions left").isZero();
        }
        assertThat(leaks.newThreads(Duration.ofSeconds(5))).as("threads left behind").isEmpty();
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
            int pid = pid(c);
            ExecutorService app = Executors.newSingleThreadExecutor();
            HeldExecutor held = new HeldExecutor();
            try {
                Future<?> blocked = app.submit(() -> {
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 2");
                    }
                    return null;
                });
                awaitLockWait(rig, pid);
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
    void aPooledConnectionReturnedWithoutCommitIsRolledBack(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS)) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.writeThroughUrl());
            config.setDataSourceProperties(rig.properties());
            config.setMaximumPoolSize(2);
            config.setAutoCommit(false);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                try (Connection c = pool.getConnection()) {
                    update(c, "UPDATE accounts SET balance = 999 WHERE id BETWEEN 1 AND 5");
                    update(c, "INSERT INTO tags (name) VALUES ('pooled')");
                } // back to the pool, neither committed nor rolled back by the application
                rig.assertExact("pooled connection returned without commit");
                try (Connection c = pool.getConnection()) {
                    update(c, "UPDATE accounts SET balance = 1000 WHERE id = 6");
                    c.commit();
                }
            }
            rig.assertExact("after a committed pooled transaction");
            assertThat(Leaks.sessions(db, rig.schema.applicationName(), Duration.ofSeconds(5))).isZero();
        }
    }
}
