package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statement behind a {@link DatabaseMetaData} result set is the driver's, and so is its connection: SQL run on what
 * an application reaches from there is written through.
 */
@ExtendWith(WriteThroughServices.class)
class MetaDataResultSetsTest {

    @Test
    void aMetadataResultSetsStatementAndConnectionAreTheDrivers(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        try (Connection c = s.connect()) {
            DatabaseMetaData metaData = c.getMetaData();
            try (ResultSet tables = metaData.getTables(null, db.schema(), "users", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("users");
                Statement statement = tables.getStatement();
                assertThat(statement).isSameAs(tables.getStatement());
                assertThat(statement.getConnection()).isSameAs(c);
                try (Statement reached = statement.getConnection().createStatement()) {
                    assertThat(reached.executeUpdate("UPDATE users SET name = 'through metadata' WHERE id = 1")).isEqualTo(1);
                }
            }
            try (ResultSet columns = metaData.getColumns(null, db.schema(), "users", "%")) {
                assertThat(columns.next()).isTrue();
                assertThat(columns.getStatement().getConnection()).isSameAs(c);
            }
        }
        assertThat(s.hash("user:1")).containsEntry("name", "through metadata");
        assertThat(s.differences()).isEmpty();
    }
}
