package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row changes through an updatable result set: pgjdbc sends its own statement for them on the real connection, so on
 * a mapped table they are refused (the entry would go stale unseen); elsewhere they run as pgjdbc runs them.
 */
@ExtendWith(WriteThroughServices.class)
class UpdatableResultSetTest {

    private MappedSchema schema(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                "INSERT INTO notes VALUES (1, 'n')");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (1, 'a'), (2, 'b')");
        }
        return s;
    }

    private static Statement updatable(Connection c) throws SQLException {
        return c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
    }

    private static void assertRefused(SQLException e, String method) {
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("0A000");
        assertThat(e.getMessage()).contains(method, "users", "writethrough.on.unsupported.write");
    }

    private static Map<Integer, String> rows(MappedSchema s) throws SQLException {
        Map<Integer, String> rows = new java.util.TreeMap<>();
        try (Connection raw = s.raw(); Statement st = raw.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, name FROM users")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2));
            }
        }
        return rows;
    }

    @Test
    void updateInsertAndDeleteOfARowOfAMappedTableAreRefusedBeforeTheyRun(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = updatable(c); ResultSet rs = st.executeQuery("SELECT id, name FROM users ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("name")).as("reading is untouched").isEqualTo("a");
            rs.updateString("name", "changed");
            assertRefused(catchThrowableOfType(SQLException.class, rs::updateRow), "updateRow");
            rs.cancelRowUpdates();
            assertRefused(catchThrowableOfType(SQLException.class, rs::deleteRow), "deleteRow");
            rs.moveToInsertRow();
            rs.updateInt("id", 3);
            rs.updateString("name", "c");
            assertRefused(catchThrowableOfType(SQLException.class, rs::insertRow), "insertRow");
        }
        try (Connection c = s.connect();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM users WHERE id = ?", ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_UPDATABLE)) {
            c.setAutoCommit(false);
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                rs.updateString("name", "changed");
                assertRefused(catchThrowableOfType(SQLException.class, rs::updateRow), "updateRow");
            }
            c.commit();
        }
        assertThat(rows(s)).containsExactly(Map.entry(1, "a"), Map.entry(2, "b"));
        assertThat(s.differences()).isEmpty();
    }

    @Test
    void aTableOfAnotherSchemaWithTheNameOfASchemaQualifiedMappingIsNotMapped(TestDatabase db, TestRedis redis)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        MappedSchema s = MappedSchema.of(db, redis, "table.elsewhere.users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = updatable(c); ResultSet rs = st.executeQuery("SELECT id, name FROM users")) {
            assertThat(rs.next()).isTrue();
            rs.updateString("name", "changed");
            rs.updateRow();
        }
        assertThat(rows(s)).containsExactly(Map.entry(1, "changed"));
    }

    @Test
    void rowsOfAnUnmappedTableChangeAsPgjdbcChangesThem(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = updatable(c); ResultSet rs = st.executeQuery("SELECT id, body FROM notes")) {
            assertThat(rs.next()).isTrue();
            rs.updateString("body", "changed");
            rs.updateRow();
            rs.moveToInsertRow();
            rs.updateInt("id", 2);
            rs.updateString("body", "second");
            rs.insertRow();
        }
        try (Connection raw = s.raw(); Statement st = raw.createStatement();
                ResultSet rs = st.executeQuery("SELECT string_agg(id || ':' || body, ',' ORDER BY id) FROM notes")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1:changed,2:second");
        }
    }

    @Test
    void aReadOnlyResultSetGetsPgjdbcsOwnError(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM users")) {
            assertThat(rs.next()).isTrue();
            SQLException e = catchThrowableOfType(SQLException.class, rs::deleteRow);
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getMessage()).doesNotContain("writethrough");
        }
        assertThat(rows(s)).hasSize(2);
    }

    @Test
    void theIgnorePolicyLetsThemRun(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect("on.unsupported.write", "ignore"); Statement st = updatable(c);
                ResultSet rs = st.executeQuery("SELECT id, name FROM users WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            rs.updateString("name", "changed");
            rs.updateRow();
        }
        assertThat(rows(s)).containsEntry(1, "changed");
        assertThat(s.hash("user:1")).as("not written through, as the option says").containsEntry("name", "a");
    }
}
