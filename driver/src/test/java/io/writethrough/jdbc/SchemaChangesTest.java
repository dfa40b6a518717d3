package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import io.writethrough.write.SqlStates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements that change what a mapped table's entries should hold with no row returned: a column added to a table
 * mapped with all its columns, a column dropped, retyped or renamed, the table dropped or truncated. Its entries are
 * deleted in the same transaction (a miss is never stale), and a rollback puts them back; DDL that changes no entry
 * leaves them alone.
 */
@ExtendWith(WriteThroughServices.class)
class SchemaChangesTest {

    private static MappedSchema accounts(TestDatabase db, TestRedis redis, String... extraLines) throws SQLException {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int NOT NULL DEFAULT 0)");
        String[] lines = new String[extraLines.length + 1];
        lines[0] = "table.accounts.key={p}account:{id}";
        System.arraycopy(extraLines, 0, lines, 1, extraLines.length);
        MappedSchema s = MappedSchema.of(db, redis, lines);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts (id, owner, balance) VALUES (1, 'Ada', 10), (2, 'Grace', 20)");
        }
        return s;
    }

    @Test
    void anAddedColumnInvalidatesTheEntriesOfATableMappedWithAllItsColumns(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE accounts ADD COLUMN tier text NOT NULL DEFAULT 'basic'");
            assertThat(s.exists("account:1")).isFalse();
            assertThat(s.exists("account:2")).isFalse();

            st.executeUpdate("UPDATE accounts SET balance = 11 WHERE id = 1");
        }
        assertThat(s.hash("account:1")).containsEntry("tier", "basic").containsEntry("balance", "11");
        assertThat(s.differences()).extracting(Object::toString).singleElement().asString()
                .startsWith("missing key " + s.key("account:2"));
    }

    @Test
    void aColumnTheMappingDoesNotStoreLeavesTheEntries(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis, "table.accounts.columns=owner,balance");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE accounts ADD COLUMN tier text DEFAULT 'basic'");
            st.execute("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0), ALTER balance SET DEFAULT 5");
        }
        s.assertConsistent();
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE accounts ALTER COLUMN balance TYPE bigint");
        }
        assertThat(s.exists("account:1")).as("a stored column retyped").isFalse();
    }

    @Test
    void aRolledBackSchemaChangeLeavesRedisAsItWas(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("ALTER TABLE accounts RENAME COLUMN owner TO holder");
            assertThat(s.exists("account:1")).isFalse();
            c.rollback();
        }
        assertThat(s.hash("account:1")).containsEntry("owner", "Ada");
        s.assertConsistent();
    }

    @Test
    void aDroppedTableTakesItsEntriesWithIt(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.addBatch("CREATE TABLE scratch (id int)");
            st.addBatch("DROP TABLE accounts, scratch");
            st.executeBatch();
        }
        assertThat(s.exists("account:1")).isFalse();
        assertThat(s.exists("account:2")).isFalse();
    }

    @Test
    void truncateEmptiesTheTablesEntriesAndARollbackPutsThemBack(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("TRUNCATE accounts");
            assertThat(s.exists("account:1")).isFalse();
            c.rollback();
            assertThat(s.hash("account:1")).containsEntry("owner", "Ada");

            c.setAutoCommit(true);
            st.execute("TRUNCATE TABLE ONLY accounts RESTART IDENTITY");
        }
        assertThat(s.exists("account:1")).isFalse();
        assertThat(s.exists("account:2")).isFalse();
        s.assertConsistent();
    }

    /** CASCADE empties every table that references the ones named, mapped or not: every mapped table is invalidated. */
    @Test
    void truncateCascadeOfAnUnmappedParentReachesTheMappedChildren(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE owners (name text PRIMARY KEY)", "INSERT INTO owners VALUES ('Ada'), ('Grace')");
        MappedSchema s = accounts(db, redis);
        db.execute("ALTER TABLE accounts ADD FOREIGN KEY (owner) REFERENCES owners (name)");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("TRUNCATE owners RESTRICT")).as("the database's own refusal")
                    .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "0A000");
        }
        assertThat(s.hash("account:1")).as("nothing truncated").containsEntry("owner", "Ada");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE owners CASCADE");
        }
        assertThat(s.exists("account:1")).isFalse();
        s.assertConsistent();
    }

    /** A partition's rows are its mapped parent's: truncating, dropping or detaching it invalidates the parent. */
    @Test
    void aPartitionTruncatedDroppedOrDetachedInvalidatesItsMappedParent(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE events (id int PRIMARY KEY, what text) PARTITION BY RANGE (id)",
                "CREATE TABLE events_a PARTITION OF events FOR VALUES FROM (0) TO (100)",
                "CREATE TABLE events_b PARTITION OF events FOR VALUES FROM (100) TO (200)",
                "CREATE TABLE events_c PARTITION OF events FOR VALUES FROM (200) TO (300)",
                "CREATE TABLE events_d PARTITION OF events FOR VALUES FROM (300) TO (400)");
        MappedSchema s = MappedSchema.of(db, redis, "table.events.key={p}event:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO events VALUES (1, 'a'), (101, 'b'), (201, 'c')");
            st.execute("TRUNCATE events_a");
            assertThat(s.exists("event:1")).isFalse();
            assertThat(s.exists("event:101")).as("the whole parent").isFalse();

            st.executeUpdate("UPDATE events SET what = what || '.'");
            assertThat(s.exists("event:101")).isTrue();
            st.execute("DROP TABLE events_b");
            assertThat(s.exists("event:101")).isFalse();

            st.executeUpdate("UPDATE events SET what = what || '.'");
            assertThat(s.exists("event:201")).isTrue();
            st.execute("ALTER TABLE events DETACH PARTITION events_c");
            assertThat(s.exists("event:201")).isFalse();

            // The entries must go in the detaching transaction, which CONCURRENTLY cannot run in.
            assertThatThrownBy(() -> st.execute("ALTER TABLE events DETACH PARTITION events_d CONCURRENTLY"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
        }
        s.assertConsistent();
    }

    @Test
    void withRedisDownTheSchemaChangeFailsAndIsRolledBack(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text)");
        Properties p = MappedSchema.of(db, redis, "table.accounts.key={p}account:{id}").properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.redis.timeout.ms", "500");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts VALUES (1, 'Ada')");
            server.stop();
            assertThatThrownBy(() -> st.execute("ALTER TABLE accounts ADD COLUMN tier text"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(SqlStates.REDIS_FAILED))
                    .hasMessageContaining("changed or emptied mapped table accounts");
        } finally {
            server.start();
        }
        assertThat(db.queryRows("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'accounts' ORDER BY ordinal_position"))
                .extracting(row -> row.get("column_name")).containsExactly("id", "owner");
    }
}
