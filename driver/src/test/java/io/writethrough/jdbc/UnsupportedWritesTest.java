package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writes that cannot be analysed are refused before they run; malformed SQL gets the database's own error. */
@ExtendWith(WriteThroughServices.class)
class UnsupportedWritesTest {

    /** A write the driver cannot analyse before PostgreSQL 17: MERGE returns no rows. */
    private static final String DELETE_BY_MERGE = "MERGE INTO users u USING (SELECT 1 AS id) s ON u.id = s.id "
            + "WHEN MATCHED THEN DELETE";

    private MappedSchema schema(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        return MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
    }

    private static long count(MappedSchema s) throws SQLException {
        try (Connection raw = s.raw(); Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void mergeIsRefusedBeforeItRunsNamingTheOption(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> st.execute(DELETE_BY_MERGE));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("MERGE", "users", "writethrough.on.unsupported.write");
            assertThatThrownBy(() -> st.execute("UPDATE users SET name = 'x'; DELETE FROM users"))
                    .hasMessageContaining("writethrough.on.unsupported.write");
        }
        assertThat(count(s)).isEqualTo(1);
    }

    @Test
    void keyChangingUpdateNeedsKeyColumnsThatIdentifyARow(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE people (id int PRIMARY KEY, email text)", "INSERT INTO people VALUES (1, 'a@x'), (2, 'a@x')");
        MappedSchema s = MappedSchema.of(db, redis, "table.people.key={p}person:{email}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeUpdate("UPDATE people SET email = 'b@x' WHERE id = 1"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("people", "[email]", "unique");
            assertThat(st.executeUpdate("UPDATE people SET id = id WHERE id = 1")).as("not a key change").isEqualTo(1);
        }
        try (Connection raw = s.raw(); Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM people WHERE email = 'a@x'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the refused UPDATE did not run").isEqualTo(2);
        }
    }

    @Test
    void ignorePolicyRunsTheStatement(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Properties p = s.properties();
        p.setProperty("writethrough.on.unsupported.write", "ignore");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
            st.execute(DELETE_BY_MERGE);
        }
        assertThat(count(s)).isZero();
    }

    @Test
    void malformedSqlOnAMappedTableGetsTheDatabasesOwnError(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        String[] broken = {"UPDATE users SET name = 'x' WHER id = 1", "INSERT INTO users (id, nme) VALUES (2, 'b')",
            "DELETE FROM users WHERE id = 'abc'::int"};
        for (String sql : broken) {
            SQLException expected;
            try (Connection raw = s.raw(); Statement st = raw.createStatement()) {
                expected = catchThrowableOfType(SQLException.class, () -> st.executeUpdate(sql));
            }
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                SQLException actual = catchThrowableOfType(SQLException.class, () -> st.executeUpdate(sql));
                assertThat((Throwable) actual).as(sql).isNotNull().hasMessage(expected.getMessage()).isExactlyInstanceOf(expected.getClass());
                assertThat(actual.getSQLState()).isEqualTo(expected.getSQLState());
            }
            try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
                SQLException actual = catchThrowableOfType(SQLException.class, ps::executeUpdate);
                assertThat((Throwable) actual).as("prepared " + sql).isNotNull().hasMessage(expected.getMessage());
            }
        }
        assertThat(redis.keys()).isEmpty();
    }
}
