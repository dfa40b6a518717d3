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

    @Test
    void keyChangingUpdatesCannotBeBatched(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
            ps.setInt(1, 2);
            ps.setInt(2, 1);
            assertThatThrownBy(ps::addBatch).isInstanceOf(SQLException.class).hasMessageContaining("cannot be batched");
        }
    }
}
