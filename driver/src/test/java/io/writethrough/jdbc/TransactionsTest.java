package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis follows the transaction: visible before commit, put back (value and TTL) on every kind of rollback. */
@ExtendWith(WriteThroughServices.class)
class TransactionsTest {

    private MappedSchema accounts(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
                "INSERT INTO accounts VALUES (1, 100), (2, 200)");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        // Seed Redis through the driver, as an application would have.
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return s;
    }

    @Test
    void valuesAreVisibleBeforeCommitAndStayAfterIt(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 150 WHERE id = 1");
            assertThat(s.hash("acc:1")).containsEntry("balance", "150");
            c.commit();
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "150");
        assertThat(redis.client().exists(io.writethrough.redis.OwnershipProtocol.markKey(s.key("acc:1")))).as("mark released").isFalse();
        s.assertConsistent();
    }

    @Test
    void rollbackRestoresValuesAndTtlNewestFirst(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        redis.client().expire(s.key("acc:2"), 1000);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
            st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1");
            st.executeUpdate("DELETE FROM accounts WHERE id = 2");
            st.executeUpdate("INSERT INTO accounts VALUES (3, 300)");
            assertThat(s.exists("acc:2")).isFalse();
            assertThat(s.exists("acc:3")).isTrue();
            c.rollback();
        }
        assertThat(s.hash("acc:1")).isEqualTo(Map.of("id", "1", "balance", "100"));
        assertThat(s.hash("acc:2")).isEqualTo(Map.of("id", "2", "balance", "200"));
        assertThat(redis.client().ttl(s.key("acc:2"))).isBetween(990L, 1000L);
        assertThat(s.exists("acc:3")).isFalse();
        s.assertConsistent();
    }

    @Test
    void savepointRollbackInTheMiddleOfATransaction(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 110 WHERE id = 1");
            Savepoint sp = c.setSavepoint();
            st.executeUpdate("UPDATE accounts SET balance = 120 WHERE id = 1");
            st.executeUpdate("UPDATE accounts SET balance = 220 WHERE id = 2");
            st.executeUpdate("INSERT INTO accounts VALUES (3, 300)");
            Savepoint inner = c.setSavepoint("inner");
            st.executeUpdate("UPDATE accounts SET balance = 130 WHERE id = 1");
            c.releaseSavepoint(inner);
            c.rollback(sp);
            assertThat(s.hash("acc:1")).containsEntry("balance", "110");
            assertThat(s.hash("acc:2")).containsEntry("balance", "200");
            assertThat(s.exists("acc:3")).isFalse();
            st.executeUpdate("UPDATE accounts SET balance = 210 WHERE id = 2");
            c.commit();
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "110");
        assertThat(s.hash("acc:2")).containsEntry("balance", "210");
        s.assertConsistent();
    }

    @Test
    void nestedSavepointsPutBackWhatEachOneSaw(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            Savepoint outer = c.setSavepoint("outer");
            st.executeUpdate("INSERT INTO accounts VALUES (3, 300)");
            st.executeUpdate("UPDATE accounts SET balance = 111 WHERE id = 1");
            Savepoint inner = c.setSavepoint("inner");
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id IN (1, 3)");
            st.executeUpdate("INSERT INTO accounts VALUES (4, 400)");
            c.rollback(inner);
            assertThat(s.hash("acc:1")).containsEntry("balance", "111");
            assertThat(s.hash("acc:3")).containsEntry("balance", "300");
            assertThat(s.exists("acc:4")).isFalse();
            st.executeUpdate("UPDATE accounts SET balance = 5 WHERE id = 3");
            st.executeUpdate("INSERT INTO accounts VALUES (4, 401)");
            c.rollback(outer);
            assertThat(s.hash("acc:1")).containsEntry("balance", "100");
            assertThat(s.exists("acc:3")).isFalse();
            assertThat(s.exists("acc:4")).isFalse();
            st.executeUpdate("UPDATE accounts SET balance = 120 WHERE id = 1");
            st.executeUpdate("INSERT INTO accounts VALUES (4, 402)");
            c.commit();
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "120");
        assertThat(s.hash("acc:4")).containsEntry("balance", "402");
        s.assertConsistent();
    }

    @Test
    void rollingBackOverAnotherConnectionsCommittedWriteRestoresThatWrite(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection first = s.connect(); Connection second = s.connect();
                Statement a = first.createStatement(); Statement b = second.createStatement()) {
            a.executeUpdate("UPDATE accounts SET balance = 150 WHERE id = 1");
            // The first connection's mark lingers until its next Redis call; the second takes it over.
            second.setAutoCommit(false);
            b.executeUpdate("UPDATE accounts SET balance = 160 WHERE id = 1");
            second.rollback();
            assertThat(s.hash("acc:1")).as("the committed 150, not a miss").containsEntry("balance", "150");
        }
        s.assertConsistent();
    }

    @Test
    void closingWithoutCommitRollsBack(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        Connection c = s.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 0");
        }
        c.close();
        assertThat(s.hash("acc:1")).containsEntry("balance", "100");
        s.assertConsistent();
    }

    @Test
    void abortRollsBackRedisToo(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        Connection c = s.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 0");
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            c.abort(executor);
        } finally {
            executor.shutdown();
        }
        assertThat(s.hash("acc:2")).containsEntry("balance", "200");
        s.assertConsistent();
    }

    @Test
    void aFailedCommitRestoresRedis(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE parents (id int PRIMARY KEY)",
                "CREATE TABLE children (id int PRIMARY KEY, parent int REFERENCES parents DEFERRABLE INITIALLY DEFERRED)");
        MappedSchema s = MappedSchema.of(db, redis, "table.children.key={p}child:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO children VALUES (1, 42)");
            assertThat(s.exists("child:1")).isTrue();
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
        }
        assertThat(s.exists("child:1")).isFalse();
        s.assertConsistent();
    }

    @Test
    void autocommitWriteThatFailsInTheDatabaseLeavesRedisAlone(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO accounts VALUES (1, 5)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            assertThat(c.getAutoCommit()).isTrue();
            st.executeUpdate("UPDATE accounts SET balance = 7 WHERE id = 2");
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "100");
        assertThat(s.hash("acc:2")).containsEntry("balance", "7");
        s.assertConsistent();
    }

    @Test
    void anUndoNeverOverwritesAValueAnotherTransactionWroteLater(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection first = s.connect(); Connection second = s.connect();
                Statement a = first.createStatement(); Statement b = second.createStatement()) {
            first.setAutoCommit(false);
            a.executeUpdate("UPDATE accounts SET balance = 111 WHERE id = 1");
            // A failing statement makes PostgreSQL abort the first transaction and release its row locks
            // at once, before the application's rollback: the second transaction can now write the row.
            assertThatThrownBy(() -> a.executeUpdate("UPDATE accounts SET balance = 1 / 0 WHERE id = 2")).isInstanceOf(SQLException.class);
            b.executeUpdate("UPDATE accounts SET balance = 222 WHERE id = 1");
            assertThat(s.hash("acc:1")).containsEntry("balance", "222");
            first.rollback();
        }
        assertThat(s.hash("acc:1")).as("the newer committed value survives the first transaction's undo")
                .containsEntry("balance", "222");
        s.assertConsistent();
    }

    @Test
    void aTransactionNeverTakesAnUncommittedValueAsItsBeforeImage(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection first = s.connect(); Connection second = s.connect();
                Statement a = first.createStatement(); Statement b = second.createStatement()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            a.executeUpdate("UPDATE accounts SET balance = 111 WHERE id = 1");
            assertThatThrownBy(() -> a.executeUpdate("SELECT 1 / 0")).isInstanceOf(SQLException.class);
            // The second transaction writes the key while it still holds the first one's dead value...
            b.executeUpdate("UPDATE accounts SET balance = 222 WHERE id = 1");
            first.rollback();
            // ...and then rolls back too: it must not resurrect 111. PostgreSQL says the first one did not commit,
            // so the value before it comes back.
            second.rollback();
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "100");
        try (Connection raw = s.raw()) {
            io.writethrough.testing.CacheAssertions.assertNoStaleEntries(raw, redis.client(), s.config.tables());
        }
    }

    @Test
    void transactionControlSentAsSqlIsFollowed(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            // Autocommit is on: BEGIN makes the following writes one transaction, not implicit commits.
            st.execute("BEGIN");
            st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
            st.execute("SAVEPOINT s1");
            st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 2");
            st.execute("ROLLBACK TO SAVEPOINT s1");
            assertThat(s.hash("acc:2")).containsEntry("balance", "200");
            st.execute("ROLLBACK");
            assertThat(s.hash("acc:1")).containsEntry("balance", "100");

            st.execute("START TRANSACTION");
            st.executeUpdate("UPDATE accounts SET balance = 3 WHERE id = 1");
            st.execute("COMMIT");

            // COMMIT of a failed transaction is a rollback in PostgreSQL, without an error.
            st.execute("BEGIN");
            st.executeUpdate("UPDATE accounts SET balance = 4 WHERE id = 1");
            assertThatThrownBy(() -> st.execute("SELECT 1 / 0")).isInstanceOf(SQLException.class);
            st.execute("COMMIT");
        }
        assertThat(s.hash("acc:1")).containsEntry("balance", "3");
        assertThat(redis.client().exists(io.writethrough.redis.OwnershipProtocol.markKey(s.key("acc:1")))).as("marks released").isFalse();
        s.assertConsistent();
    }

    @Test
    void aValueUndoneWithASavepointIsNotRestoredBecauseItsTransactionCommitted(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection first = s.connect(); Connection second = s.connect();
                Statement a = first.createStatement(); Statement b = second.createStatement()) {
            first.setAutoCommit(false);
            Savepoint sp = first.setSavepoint();
            a.executeUpdate("UPDATE accounts SET balance = 111 WHERE id = 1");
            // The failing statement aborts the savepoint's subtransaction and releases its row lock at once.
            assertThatThrownBy(() -> a.executeUpdate("SELECT 1 / 0")).isInstanceOf(SQLException.class);
            second.setAutoCommit(false);
            b.executeUpdate("UPDATE accounts SET balance = 222 WHERE id = 1"); // takes the key over from the first
            first.rollback(sp);
            first.commit(); // the first transaction commits, but not its 111
            second.rollback();
        }
        // txid_status says the first transaction committed; its 111 must still not come back.
        assertThat(s.hash("acc:1").get("balance")).isIn(null, "100");
        try (Connection raw = s.raw()) {
            io.writethrough.testing.CacheAssertions.assertNoStaleEntries(raw, redis.client(), s.config.tables());
        }
    }
}
