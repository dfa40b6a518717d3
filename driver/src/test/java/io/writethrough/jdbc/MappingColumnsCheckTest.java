package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A mapping that names a column the table lacks is reported on the first write to the table, on every path — INSERT,
 * UPDATE, DELETE, batches — naming the mapping key and the table's columns, before the statement runs; never
 * PostgreSQL's own error about SQL the application did not write.
 */
@ExtendWith(WriteThroughServices.class)
class MappingColumnsCheckTest {

    @Test
    void aKeyTemplateColumnTheTableLacksIsReportedForDelete(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{uid}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertRefused(() -> st.executeUpdate("DELETE FROM users WHERE id = 1"), "uid", "key template");
        }
        assertThat(db.queryRows("SELECT count(*) AS n FROM users").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void aStoredColumnTheTableLacksIsReportedForEveryWrite(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}", "table.users.columns=name,email");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertRefused(() -> st.executeUpdate("INSERT INTO users VALUES (2, 'b')"), "email", "table.users.columns");
            assertRefused(() -> st.executeUpdate("UPDATE users SET name = 'z' WHERE id = 1"), "email", "table.users.columns");
            assertRefused(() -> st.executeUpdate("DELETE FROM users WHERE id = 1"), "email", "table.users.columns");
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
                ps.setString(1, "q");
                ps.setInt(2, 1);
                ps.addBatch();
                assertRefused(ps::executeBatch, "email", "table.users.columns");
            }
        }
        assertThat(db.queryRows("SELECT name FROM users ORDER BY id")).extracting(row -> row.get("name")).containsExactly("a");
    }

    @Test
    void fixingTheTableLetsTheNextWriteThrough(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}", "table.users.columns=name,email");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertRefused(() -> st.executeUpdate("INSERT INTO users VALUES (1, 'a')"), "email", "table.users.columns");
            db.execute("ALTER TABLE users ADD COLUMN email text");
            st.executeUpdate("INSERT INTO users VALUES (1, 'a', 'a@example.com')");
        }
        assertThat(s.hash("user:1")).containsEntry("email", "a@example.com");
    }

    private interface Call {
        void run() throws SQLException;
    }

    private static void assertRefused(Call call, String column, String mappingKey) {
        assertThatThrownBy(call::run)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("has no column '" + column + "'")
                .hasMessageContaining(mappingKey)
                .hasMessageContaining("its columns: id, name")
                .hasMessageNotContaining("does not exist")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42703"));
    }
}
