package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A mapped table's rows live in other tables too: its partitions, its inheritance children; and a mapped partition's
 * or child's rows are written by writes to its parent. Writes the driver sees on the mapped table are written through;
 * writes through the other names are watched like any unseen write ({@code on.unseen.write}), never silent.
 */
@ExtendWith(WriteThroughServices.class)
class PartitionedTablesTest {

    private static final String[] EVENTS = {
        "CREATE TABLE events (id int PRIMARY KEY, name text) PARTITION BY RANGE (id)",
        "CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (100)",
        "CREATE TABLE events_high PARTITION OF events FOR VALUES FROM (100) TO (1000) PARTITION BY RANGE (id)",
        "CREATE TABLE events_high_a PARTITION OF events_high FOR VALUES FROM (100) TO (1000)",
    };

    private static void write(MappedSchema s, String... statements) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.executeUpdate(sql);
            }
        }
    }

    /** Each statement fails under {@code fail} naming {@code table}; the database and Redis are as before. */
    private static void assertRefused(TestDatabase db, MappedSchema s, String table, String rows, List<String> statements)
            throws SQLException {
        List<Map<String, Object>> before = db.queryRows(rows);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeUpdate(sql));
                assertThat((Throwable) e).as(sql).isNotNull();
                assertThat(e.getSQLState()).as(sql).isEqualTo("0A000");
                assertThat(e.getMessage()).as(sql).contains(table, "on.unseen.write");
            }
        }
        assertThat(db.queryRows(rows)).isEqualTo(before);
        assertThat(s.differences()).isEmpty();
    }

    @Test
    void aMappedPartitionedTableIsWrittenThroughAndItsOwnStatementsAreNotWatched(TestDatabase db, TestRedis redis)
            throws Exception {
        db.execute(EVENTS);
        MappedSchema s = MappedSchema.of(db, redis, "table.events.key={p}event:{id}");
        write(s, "INSERT INTO events VALUES (1, 'a'), (2, 'b'), (150, 'c')", "UPDATE events SET name = 'x' WHERE id > 1",
                "DELETE FROM events WHERE id = 2");
        // Moving a row between partitions moves two counters for one row: a watched statement would be refused.
        write(s, "UPDATE events SET id = 160 WHERE id = 1");
        assertThat(s.hash("event:160")).containsEntry("name", "a");
        assertThat(s.exists("event:1")).isFalse();
        assertThat(s.differences()).isEmpty();
    }

    @Test
    void writesToAPartitionOfAMappedTableAreWatched(TestDatabase db, TestRedis redis) throws Exception {
        db.execute(EVENTS);
        MappedSchema s = MappedSchema.of(db, redis, "table.events.key={p}event:{id}");
        write(s, "INSERT INTO events VALUES (1, 'a'), (150, 'c')");
        assertRefused(db, s, "events", "SELECT * FROM events ORDER BY id", List.of(
                "UPDATE events_low SET name = 'changed' WHERE id = 1",
                "DELETE FROM events_high_a WHERE id = 150",
                "INSERT INTO events_low VALUES (3, 'new')"));
        try (Connection c = s.connect("on.unseen.write", "invalidate"); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE events_high SET name = 'changed' WHERE id = 150");
        }
        assertThat(s.exists("event:150")).as("invalidated").isFalse();
        assertThat(s.differences()).allSatisfy(d ->
                assertThat(d.kind()).isEqualTo(io.writethrough.testing.CacheDifference.Kind.MISSING_KEY));
    }

    @Test
    void writesThroughTheParentOfAMappedPartitionAreWatched(TestDatabase db, TestRedis redis) throws Exception {
        db.execute(EVENTS);
        MappedSchema s = MappedSchema.of(db, redis, "table.events_low.key={p}event:{id}");
        write(s, "INSERT INTO events_low VALUES (1, 'a')");
        assertRefused(db, s, "events_low", "SELECT * FROM events ORDER BY id", List.of(
                "UPDATE events SET name = 'changed' WHERE id = 1",
                "INSERT INTO events VALUES (2, 'new')",
                "DELETE FROM events"));
        write(s, "INSERT INTO events VALUES (500, 'elsewhere')");
    }

    @Test
    void inheritanceChildrenAndParentsOfAMappedTableAreWatched(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE people (id int PRIMARY KEY, name text)",
                "CREATE TABLE users (PRIMARY KEY (id)) INHERITS (people)",
                "CREATE TABLE admins (PRIMARY KEY (id)) INHERITS (users)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        write(s, "INSERT INTO users VALUES (1, 'a')");
        try (Connection raw = s.raw(); Statement st = raw.createStatement()) {
            st.executeUpdate("INSERT INTO admins VALUES (2, 'root')");
        }
        write(s, "UPDATE users SET name = 'root!' WHERE id = 2");
        assertThat(s.differences()).isEmpty();
        assertRefused(db, s, "users", "SELECT * FROM people ORDER BY id", List.of(
                "UPDATE people SET name = 'changed' WHERE id = 1",
                "UPDATE admins SET name = 'changed' WHERE id = 2",
                "DELETE FROM admins"));
    }
}
