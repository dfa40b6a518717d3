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
 * {@code closeOnCompletion()} closes the statement when the application's own result set is closed, and only then:
 * the rows the driver reads for Redis do not count.
 */
@ExtendWith(WriteThroughServices.class)
class CloseOnCompletionTest {

    @Test
    void closeOnCompletionClosesTheStatementWhenTheApplicationsResultIsClosed(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, note text)", "INSERT INTO t VALUES (1, 'x')");
        MappedSchema s = MappedSchema.of(db, redis, "table.t.key={p}t:{id}");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), s.properties())) {
            Statement st = c.createStatement();
            st.closeOnCompletion();
            assertThat(st.executeUpdate("UPDATE t SET note = 'y'")).as("no result set: the statement stays open").isEqualTo(1);
            assertThat(redis.client().hget(s.key("t:1"), "note")).isEqualTo("y");
            try (var rows = st.executeQuery("UPDATE t SET note = 'z' RETURNING id")) {
                assertThat(rows.next()).isTrue();
                assertThat(st.isClosed()).isFalse();
            }
            assertThat(st.isClosed()).as("closed with its result").isTrue();

            PreparedStatement ps = c.prepareStatement("SELECT note FROM t WHERE id = ?");
            ps.closeOnCompletion();
            assertThat(ps.isCloseOnCompletion()).isTrue();
            ps.setInt(1, 1);
            try (var rows = ps.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("z");
            }
            assertThat(ps.isClosed()).isTrue();
        }
    }
}
