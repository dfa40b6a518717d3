package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.CommandStats;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(WriteThroughServices.class)
class BatchTest {

    @Test
    void tenThousandRowBatch(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2))");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
            for (int i = 0; i < 10_000; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(10_000);
            assertThat(Arrays.stream(counts).allMatch(n -> n == 1)).isTrue();
        }
        assertThat(s.hash("item:9999")).containsEntry("price", "99.99");
        s.assertConsistent();
    }

    @Test
    void statementBatchMixingMappedAndUnmappedTables(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)", "CREATE TABLE log (line text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
            st.addBatch("INSERT INTO log VALUES ('x')");
            st.addBatch("UPDATE items SET name = 'B' WHERE id = 2");
            st.addBatch("DELETE FROM items WHERE id = 1");
            assertThat(st.executeBatch()).containsExactly(2, 1, 1, 1);
        }
        assertThat(s.exists("item:1")).isFalse();
        assertThat(s.hash("item:2")).containsEntry("name", "B");
        s.assertConsistent();
    }

    @Test
    void aStatementBatchReachesRedisInOneScriptCall(TestDatabase db, TestRedis redis, io.writethrough.testing.PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        java.util.Properties p = s.properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.recovery.interval.ms", "0");
        try (Connection c = java.sql.DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement();
                RedisClient direct = RedisClient.create(server.host(), server.port())) {
            st.executeUpdate("INSERT INTO items VALUES (0, 'warm-up: loads the script')");
            // The recovery sweep the first connection started has run (it runs scripts too); no timer runs another.
            WriteThroughDriver.recover(db.writeThroughUrl(), p);
            long before = CommandStats.scriptCalls(direct);
            for (int i = 1; i <= 20; i++) {
                st.addBatch("INSERT INTO items VALUES (" + i + ", 'n')");
            }
            st.addBatch("UPDATE items SET name = 'moved' WHERE id = 1");
            st.addBatch("DELETE FROM items WHERE id = 2");
            st.executeBatch();
            assertThat(CommandStats.scriptCalls(direct) - before).isEqualTo(1);
            assertThat(direct.hget(s.key("item:1"), "name")).isEqualTo("moved");
            assertThat(direct.exists(s.key("item:2"))).isFalse();
            assertThat(direct.exists(s.key("item:20"))).isTrue();
        }
    }


    @Test
    void aFailingBatchInAutocommitLeavesNeitherSideChanged(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, 'x')")) {
            for (int id : new int[] {1, 2, 1}) {
                ps.setInt(1, id);
                ps.addBatch();
            }
            assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class);
        }
        assertThat(redis.keys()).isEmpty();
        s.assertConsistent();
    }

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

    /**
     * The entries of a batch run one after the other: a row moved twice (1 -> 2 -> 3) leaves no entry at 2, and a key
     * one entry left (1) is taken by a later one. Read as one statement, the second move's old key 2 would count as a
     * key the batch had put, and its stale entry would stay.
     */
    @Test
    void keyChangingUpdatesRunAsABatchInTheirOrder(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a'), (5, 'e')");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
                addMoves(ps, 1, 2, 2, 3, 5, 1, 9, 7);
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 0);
                assertThat(s.hash("item:3")).containsEntry("name", "a");
                assertThat(s.hash("item:1")).containsEntry("name", "e");
                assertThat(s.exists("item:2")).isFalse();
                assertThat(s.exists("item:5")).isFalse();
                s.assertConsistent();

                addMoves(ps, 3, 4, 4, 6);
                assertThat(ps.executeLargeBatch()).containsExactly(1L, 1L);
            }
        }
        assertThat(s.hash("item:6")).containsEntry("name", "a");
        assertThat(s.exists("item:4")).isFalse();
        s.assertConsistent();
    }

    /** Within one entry the moves are simultaneous (a swap), as in a statement of their own; entries follow in order. */
    @Test
    void aBatchEntryThatSwapsKeysIsOneStatement(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE codes (id int PRIMARY KEY, code text NOT NULL UNIQUE DEFERRABLE INITIALLY IMMEDIATE)",
                "INSERT INTO codes VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        MappedSchema s = MappedSchema.of(db, redis, "table.codes.key={p}code:{code}");
        try (Connection c = s.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE codes SET code = CASE code WHEN ? THEN ? ELSE ? END WHERE code IN (?, ?)")) {
                for (String[] swap : new String[][] {{"a", "b"}, {"b", "c"}}) {
                    ps.setString(1, swap[0]);
                    ps.setString(2, swap[1]);
                    ps.setString(3, swap[0]);
                    ps.setString(4, swap[0]);
                    ps.setString(5, swap[1]);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(2, 2);
            }
            c.commit();
        }
        assertThat(s.hash("code:c")).containsEntry("id", "1");
        assertThat(s.hash("code:a")).containsEntry("id", "2");
        assertThat(s.hash("code:b")).containsEntry("id", "3");
        s.assertConsistent();
    }

    @Test
    void aRolledBackKeyChangingBatchLeavesRedisAsItWas(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a'), (5, 'e')");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect()) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE items SET name = name");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
                addMoves(ps, 1, 2, 2, 3, 5, 1);
                ps.executeBatch();
            }
            assertThat(s.exists("item:3")).isTrue();
            c.rollback();
        }
        assertThat(s.hash("item:1")).containsEntry("name", "a");
        assertThat(s.hash("item:5")).containsEntry("name", "e");
        assertThat(s.exists("item:2")).isFalse();
        assertThat(s.exists("item:3")).isFalse();
        s.assertConsistent();
    }

    @Test
    void keyChangingUpdatesInAStatementBatchRunInTheirOrder(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a'), (5, 'e')");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.addBatch("UPDATE items SET id = 2 WHERE id = 1");
            st.addBatch("UPDATE items SET id = 3 WHERE id = 2");
            st.addBatch("UPDATE items SET id = 1 WHERE id = 5");
            assertThat(st.executeBatch()).containsExactly(1, 1, 1);
        }
        assertThat(s.exists("item:2")).isFalse();
        assertThat(s.hash("item:1")).containsEntry("name", "e");
        s.assertConsistent();
    }

    /** Adds one entry of {@code SET id = ? WHERE id = ?} per pair: the row's id, then the id it moves to. */
    private static void addMoves(PreparedStatement ps, int... fromAndTo) throws SQLException {
        for (int i = 0; i < fromAndTo.length; i += 2) {
            ps.setInt(1, fromAndTo[i + 1]);
            ps.setInt(2, fromAndTo[i]);
            ps.addBatch();
        }
    }
}
