package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A temporary table named like a mapped table shadows it in its session. Mapped with its schema, the mapped table's
 * entries are safe from the temporary table's rows: each returned row's table is checked, and rows of the temporary
 * table are left out. (Mapped without a schema, the name is mapped in every schema, the temporary one included: the
 * README says so.)
 */
@ExtendWith(WriteThroughServices.class)
class TemporaryTablesTest {

    @Test
    void aSchemaQualifiedMappingIgnoresATemporaryTableOfTheSameName(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table." + db.schema() + ".users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (1, 'real')");
            st.execute("CREATE TEMP TABLE users (id int PRIMARY KEY, name text)");
            assertThat(st.executeUpdate("INSERT INTO users VALUES (1, 'temporary'), (2, 'temporary')")).isEqualTo(2);
            assertThat(st.executeUpdate("UPDATE users SET name = 'still temporary'")).isEqualTo(2);
            assertThat(st.executeUpdate("DELETE FROM users WHERE id = 1")).isEqualTo(1);
        }
        assertThat(s.hash("user:1")).containsEntry("name", "real");
        assertThat(s.exists("user:2")).isFalse();
        assertThat(s.differences()).isEmpty();
    }
}
