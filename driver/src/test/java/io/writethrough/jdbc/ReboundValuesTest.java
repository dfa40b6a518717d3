package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rows of a refcursor and of an array lead back to the driver's connection, not pgjdbc's: pgjdbc makes them on
 * statements of its own, so SQL run on what an application reaches from there would bypass the driver.
 */
@ExtendWith(WriteThroughServices.class)
class ReboundValuesTest {

    private MappedSchema s;

    @BeforeEach
    void setUp(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text, tags text[])",
                "INSERT INTO users VALUES (1, 'a', ARRAY['x'])",
                "CREATE FUNCTION users_cursor() RETURNS refcursor LANGUAGE plpgsql AS $$ DECLARE c refcursor; "
                        + "BEGIN OPEN c FOR SELECT id, name FROM users ORDER BY id; RETURN c; END $$");
        s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
    }

    @Test
    void aRefcursorColumnsRowsLeadBackToTheDriversConnection() throws Exception {
        try (Connection c = s.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT users_cursor()")) {
                assertThat(rs.next()).isTrue();
                ResultSet cursor = (ResultSet) rs.getObject(1);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.getString("name")).isEqualTo("a");
                updateThrough(cursor, c, "through a refcursor");
            }
            c.commit();
        }
        assertWrittenThrough("through a refcursor");
    }

    @Test
    void aRefcursorOutParametersRowsLeadBackToTheDriversConnection() throws Exception {
        try (Connection c = s.connect()) {
            c.setAutoCommit(false);
            try (CallableStatement call = c.prepareCall("{? = call users_cursor()}")) {
                call.registerOutParameter(1, Types.REF_CURSOR);
                call.execute();
                ResultSet cursor = call.getObject(1, ResultSet.class);
                assertThat(cursor.next()).isTrue();
                assertThat(((ResultSet) call.getObject(1)).getStatement().getConnection()).isSameAs(c);
                updateThrough(cursor, c, "through an OUT parameter");
            }
            c.commit();
        }
        assertWrittenThrough("through an OUT parameter");
    }

    @Test
    void anArraysRowsLeadBackToTheDriversConnection() throws Exception {
        try (Connection c = s.connect();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tags FROM users WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            Array tags = rs.getArray(1);
            assertThat((Object[]) tags.getArray()).containsExactly("x");
            assertThat(rs.getObject(1, Array.class).getResultSet(1, 1).getStatement().getConnection()).isSameAs(c);
            try (ResultSet elements = tags.getResultSet()) {
                assertThat(elements.next()).isTrue();
                assertThat(elements.getString(2)).isEqualTo("x");
                updateThrough(elements, c, "through an array");
            }
        }
        assertWrittenThrough("through an array");
    }

    @Test
    void anArrayInTheApplicationsOwnReturningLeadsBackToTheDriversConnection() throws Exception {
        try (Connection c = s.connect();
             PreparedStatement st = c.prepareStatement("UPDATE users SET tags = ARRAY['y'] WHERE id = 1 RETURNING tags")) {
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.getStatement()).isSameAs(st);
                assertThat(rs.next()).isTrue();
                try (ResultSet elements = rs.getArray("tags").getResultSet()) {
                    assertThat(elements.next()).isTrue();
                    assertThat(elements.getString(2)).isEqualTo("y");
                    updateThrough(elements, c, "through a returned array");
                }
            }
        }
        assertWrittenThrough("through a returned array");
    }

    @Test
    void anArrayReadThroughTheDriverBindsAsAParameter(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE copies (id int PRIMARY KEY, tags text[], ids bigint[])");
        try (Connection c = s.connect();
             PreparedStatement read = c.prepareStatement("SELECT ARRAY['a b', 'c\"d', NULL]::text[], ARRAY[1, 2]::bigint[]");
             PreparedStatement copy = c.prepareStatement("INSERT INTO copies VALUES (?, ?, ?)")) {
            // Binary transfer from the first execution: pgjdbc's arrays then hold bytes, not the literal.
            read.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            for (int id = 1; id <= 2; id++) {
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    copy.setInt(1, id);
                    if (id == 1) {
                        copy.setArray(2, rs.getArray(1));
                        copy.setObject(3, rs.getObject(2));
                    } else {
                        copy.setObject(2, rs.getArray(1), Types.ARRAY);
                        copy.setArray(3, rs.getObject(2, Array.class));
                    }
                    assertThat(copy.executeUpdate()).isEqualTo(1);
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT tags, ids FROM copies ORDER BY id")) {
                for (int id = 1; id <= 2; id++) {
                    assertThat(rs.next()).isTrue();
                    assertThat((Object[]) rs.getArray(1).getArray()).containsExactly("a b", "c\"d", null);
                    assertThat((Object[]) rs.getArray(2).getArray()).containsExactly(1L, 2L);
                }
            }
        }
    }

    /** Reaches a connection from the rows' statement and updates the mapped table through it. */
    private static void updateThrough(ResultSet rows, Connection driverConnection, String name) throws Exception {
        Statement statement = rows.getStatement();
        assertThat(statement).isSameAs(rows.getStatement());
        assertThat(statement.getConnection()).isSameAs(driverConnection);
        try (PreparedStatement update = statement.getConnection().prepareStatement(
                "UPDATE users SET name = ? WHERE id = 1")) {
            update.setString(1, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private void assertWrittenThrough(String name) throws Exception {
        assertThat(s.hash("user:1")).containsEntry("name", name);
        assertThat(s.differences()).isEmpty();
    }
}
