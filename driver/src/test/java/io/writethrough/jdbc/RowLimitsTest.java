package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application's {@code setMaxRows} and {@code setMaxFieldSize} limit what the application gets, not what the
 * driver reads: every row a write touches reaches Redis whole.
 */
@ExtendWith(WriteThroughServices.class)
class RowLimitsTest {

    @Test
    void theApplicationsRowLimitsDoNotCutTheDriversRows(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, note text)",
                "INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 3) g");
        MappedSchema s = MappedSchema.of(db, redis, "table.t.key={p}t:{id}");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), s.properties());
             Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("UPDATE t SET note = ? WHERE id = ?")) {
            var client = redis.client();
            st.setMaxRows(1);
            st.setMaxFieldSize(3);
            assertThat(st.executeUpdate("UPDATE t SET note = 'a long note'")).as("pgjdbc's update count").isEqualTo(3);
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("t:" + id), "note")).as("row %d, whole", id).isEqualTo("a long note");
            }
            try (var rows = st.executeQuery("UPDATE t SET note = 'returned' RETURNING id")) {
                int returned = 0;
                while (rows.next()) {
                    returned++;
                }
                assertThat(returned).as("the application still gets at most maxRows rows").isEqualTo(1);
            }
            assertThat(client.hget(s.key("t:3"), "note")).isEqualTo("returned");
            assertThat(st.getMaxRows()).isEqualTo(1);
            assertThat(st.getMaxFieldSize()).isEqualTo(3);

            ps.setMaxRows(1);
            for (int id = 1; id <= 3; id++) {
                ps.setString(1, "batched " + id);
                ps.setInt(2, id);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            for (int id = 1; id <= 3; id++) {
                assertThat(client.hget(s.key("t:" + id), "note")).isEqualTo("batched " + id);
            }
        }
    }
}
