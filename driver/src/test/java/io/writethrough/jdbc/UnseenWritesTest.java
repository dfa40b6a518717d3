package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows of mapped tables written where the driver cannot see them — SQL and PL/pgSQL functions, procedures, triggers on
 * unmapped tables, updatable views (also of views), rules, column defaults and check constraints — are found by the tables' counters: under {@code on.unseen.write=fail} the statement throws
 * (0A000, naming the table) and after the rollback the database and Redis are as before; under {@code ignore} it
 * commits, stale entries and all. Statements that cannot write a mapped table unseen are not refused.
 */
@ExtendWith(WriteThroughServices.class)
class UnseenWritesTest {

    private static final String[] SCHEMA = {
        "CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int)",
        "CREATE TABLE ledger (id serial PRIMARY KEY, account_id int, amount int)",
        "CREATE TABLE notes (id serial PRIMARY KEY, body text)",
        "CREATE FUNCTION bump(n int) RETURNS void LANGUAGE sql AS 'UPDATE accounts SET balance = balance + n'",
        """
        CREATE FUNCTION rename_first(who text) RETURNS text LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE accounts SET owner = who WHERE id = 1;
            RETURN who;
        END $$""",
        """
        CREATE PROCEDURE rename_account(account int, who text) LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE accounts SET owner = who WHERE id = account;
        END $$""",
        "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT sum(balance) FROM accounts'",
        "CREATE FUNCTION note(t text) RETURNS void LANGUAGE sql AS 'INSERT INTO notes (body) VALUES (t)'",
        """
        CREATE FUNCTION post_to_account() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER ledger_posts AFTER INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION post_to_account()",
        "CREATE VIEW account_owners AS SELECT id, owner FROM accounts",
        "CREATE VIEW first_owner AS SELECT * FROM account_owners WHERE id = 1",
        "CREATE TABLE requests (id serial PRIMARY KEY, account_id int, amount int)",
        """
        CREATE RULE apply_request AS ON INSERT TO requests
            DO ALSO UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id""",
        "CREATE FUNCTION charge() RETURNS int LANGUAGE sql AS 'UPDATE accounts SET balance = balance - 1 RETURNING 1'",
        "CREATE TABLE orders (id int PRIMARY KEY, fee int DEFAULT charge())",
        "CREATE FUNCTION checked(n int) RETURNS boolean LANGUAGE sql AS 'SELECT bump(n) IS NULL'",
        "CREATE TABLE payments (id int PRIMARY KEY, amount int CHECK (checked(amount)))",
    };

    /** Statements that write accounts where the driver cannot see it, each in a form the application may send. */
    private static final List<String> UNSEEN = List.of(
            "SELECT bump(10)",
            "SELECT rename_first('zed')",
            "CALL rename_account(2, 'yan')",
            "INSERT INTO ledger (account_id, amount) VALUES (1, 5)",
            "INSERT INTO accounts VALUES (3, rename_first('xia'), 0)",
            "UPDATE accounts SET balance = 7 WHERE id = 2 AND rename_first('wu') IS NOT NULL",
            "DO $$BEGIN PERFORM bump(3); END$$",
            "UPDATE account_owners SET owner = 'vee' WHERE id = 2",
            "DELETE FROM first_owner",
            "INSERT INTO requests (account_id, amount) VALUES (1, 5)",
            "INSERT INTO orders (id) VALUES (1)",
            "INSERT INTO payments VALUES (1, 5)");

    private MappedSchema schema(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute(SCHEMA);
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}account:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts VALUES (1, 'ann', 100), (2, 'bob', 50)");
        }
        s.assertConsistent();
        return s;
    }

    @Test
    void failRefusesEachUnseenWriteInAutocommitAndLeavesBothSidesAsBefore(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Map<String, Map<String, String>> redisBefore = snapshot(s);
        List<Map<String, Object>> rowsBefore = db.queryRows("SELECT * FROM accounts ORDER BY id");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String sql : UNSEEN) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute(sql));
                assertThat((Throwable) e).as(sql).isNotNull();
                assertThat(e.getSQLState()).as(sql).isEqualTo("0A000");
                assertThat(e.getMessage()).as(sql).contains("accounts", "on.unseen.write");
                assertThat(c.getAutoCommit()).isTrue();
            }
            for (String sql : UNSEEN) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    SQLException e = catchThrowableOfType(SQLException.class, ps::execute);
                    assertThat((Throwable) e).as("prepared " + sql).isNotNull();
                    assertThat(e.getSQLState()).isEqualTo("0A000");
                }
            }
            st.execute("PREPARE bumper AS SELECT bump($1)");
            assertThat(catchThrowableOfType(SQLException.class, () -> st.execute("EXECUTE bumper(2)")).getSQLState())
                    .isEqualTo("0A000");
        }
        assertThat(db.queryRows("SELECT * FROM accounts ORDER BY id")).isEqualTo(rowsBefore);
        assertThat(db.queryRows("SELECT count(*) AS n FROM ledger")).containsExactly(Map.of("n", 0L));
        assertThat(snapshot(s)).isEqualTo(redisBefore);
    }

    @Test
    void failDoomsAnExplicitTransactionWhoseRollbackRestoresRedis(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Map<String, Map<String, String>> redisBefore = snapshot(s);
        for (String sql : UNSEEN) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE accounts SET owner = 'own write' WHERE id = 2");
                assertThat(s.hash("account:2")).containsEntry("owner", "own write");
                SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute(sql));
                assertThat(e.getSQLState()).as(sql).isEqualTo("0A000");
                SQLException commit = catchThrowableOfType(SQLException.class, c::commit);
                assertThat((Throwable) commit).as("commit after " + sql).isNotNull();
                c.rollback();
            }
            assertThat(snapshot(s)).as(sql).isEqualTo(redisBefore);
            s.assertConsistent();
        }
    }

    @Test
    void batchesAreWatchedAsAWhole(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Map<String, Map<String, String>> redisBefore = snapshot(s);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.addBatch("UPDATE accounts SET owner = 'batched' WHERE id = 1");
            st.addBatch("CALL rename_account(2, 'in batch')");
            SQLException e = catchThrowableOfType(SQLException.class, st::executeBatch);
            assertThat(e.getSQLState()).isEqualTo("0A000");
            st.addBatch("CALL rename_account(2, 'alone in batch')");
            assertThat(catchThrowableOfType(SQLException.class, st::executeBatch).getSQLState()).isEqualTo("0A000");
        }
        assertThat(snapshot(s)).isEqualTo(redisBefore);
        s.assertConsistent();
    }

    @Test
    void callableStatementsAreWatchedToo(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); CallableStatement call = c.prepareCall("CALL rename_account(?, ?)")) {
            call.setInt(1, 1);
            call.setString(2, "cal");
            SQLException e = catchThrowableOfType(SQLException.class, call::execute);
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getSQLState()).isEqualTo("0A000");
        }
        s.assertConsistent();
    }

    @Test
    void statementsThatCannotWriteAMappedTableUnseenRun(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT note('hello')");
            st.execute("SELECT total()");
            st.execute("SELECT bump(0) WHERE false");
            st.execute("SELECT * FROM account_owners");
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
            c.setAutoCommit(false);
            st.execute("SELECT total(), now(), length('x')");
            c.commit();
        }
        assertThat(db.queryRows("SELECT body FROM notes")).containsExactly(Map.of("body", "hello"));
        s.assertConsistent();
    }

    @Test
    void aFunctionCreatedAfterTheFirstStatementIsWatched(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            st.execute("CREATE FUNCTION late() RETURNS void LANGUAGE sql AS 'DELETE FROM accounts WHERE id = 2'");
            SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute("SELECT late()"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
        }
        s.assertConsistent();
    }

    @Test
    void ignoreCommitsAsBeforeWarnsOncePerTableAndLetsAProcedureCommitByItself(TestDatabase db, TestRedis redis)
            throws Exception {
        MappedSchema s = schema(db, redis);
        db.execute("""
                CREATE PROCEDURE zero_and_commit() LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE accounts SET balance = 0 WHERE id = 2;
                    COMMIT;
                END $$""");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Connection c = s.connect("on.unseen.write", "ignore"); Statement st = c.createStatement()) {
            st.execute("SELECT bump(10)");
            st.execute("CALL zero_and_commit()");
            c.setAutoCommit(false);
            st.execute("CALL rename_account(2, 'yan')");
            st.execute("INSERT INTO ledger (account_id, amount) VALUES (1, 5)");
            c.commit();
        } finally {
            System.setErr(stderr);
        }
        assertThat(db.queryRows("SELECT owner, balance FROM accounts ORDER BY id")).containsExactly(
                Map.of("owner", "ann", "balance", 115), Map.of("owner", "yan", "balance", 0));
        assertThat(s.differences()).as("balance of 1, owner and balance of 2").hasSize(3);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("wrote rows of mapped table accounts that the driver did not see", -1))
                .as(log).hasSize(2);
    }

    /** Every entry of the test's prefix (all hashes here). */
    @Test
    void invalidateDeletesTheTablesEntriesSoNothingStaysStaleAndARollbackPutsThemBack(TestDatabase db, TestRedis redis)
            throws Exception {
        MappedSchema s = schema(db, redis);
        db.execute("CREATE TABLE other (id int PRIMARY KEY, v text)",
                "CREATE FUNCTION purge(n int) RETURNS void LANGUAGE sql AS 'DELETE FROM accounts WHERE id = n'",
                "CREATE FUNCTION rekey(a int, b int) RETURNS void LANGUAGE sql AS 'UPDATE accounts SET id = b WHERE id = a'");
        Map<String, Map<String, String>> redisBefore = snapshot(s);

        // Rolled back: every entry the invalidation deleted is back, as it was.
        try (Connection c = s.connect("on.unseen.write", "invalidate"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SELECT bump(10)");
            assertThat(s.exists("account:1")).as("invalidated in the transaction").isFalse();
            st.executeUpdate("UPDATE accounts SET owner = 'after' WHERE id = 2");
            assertThat(s.hash("account:2")).as("a later write of the transaction").containsEntry("owner", "after");
            c.rollback();
        }
        assertThat(snapshot(s)).isEqualTo(redisBefore);

        // Committed, in autocommit and in a transaction, for each kind of unseen write: no entry is stale.
        List<String> unseen = List.of("SELECT bump(10)", "SELECT purge(1)", "SELECT rekey(2, 20)",
                "INSERT INTO ledger (account_id, amount) VALUES (20, 5)", "CALL rename_account(20, 'yan')",
                "UPDATE account_owners SET owner = 'vee' WHERE id = 20");
        for (String sql : unseen) {
            try (Connection c = s.connect("on.unseen.write", "invalidate"); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO accounts VALUES (7, 'seven', 70) ON CONFLICT (id) DO UPDATE SET balance = 70");
                assertThat(s.exists("account:7")).isTrue();
                st.execute(sql);
                assertThat(s.exists("account:7")).as("every entry of the table is invalidated after " + sql).isFalse();
            }
            try (Connection raw = db.connect()) {
                io.writethrough.testing.CacheAssertions.assertNoStaleEntries(raw, redis.client(),
                        s.config.tables());
            }
        }
        assertThat(db.queryRows("SELECT id FROM accounts ORDER BY id")).extracting(r -> r.get("id")).containsExactly(7, 20);
        assertThat(s.differences()).as("only misses remain").allSatisfy(d ->
                assertThat(d.kind()).isEqualTo(io.writethrough.testing.CacheDifference.Kind.MISSING_KEY));
        assertThat(redis.client().keys(io.writethrough.redis.OwnershipProtocol.markKey(s.key("*")))).as("marks").isEmpty();
    }

    static Map<String, Map<String, String>> snapshot(MappedSchema s) {
        Map<String, Map<String, String>> entries = new TreeMap<>();
        for (String key : s.redis.keys()) {
            entries.put(key, s.redis.client().hgetAll(key));
        }
        return entries;
    }
}
