package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.write.PlannedExecution;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements returning more rows than pgjdbc fetches at a time (the driver streams them when the application keeps
 * none) still report the update count plain pgjdbc reports, and still reach Redis whole.
 */
@ExtendWith(WriteThroughServices.class)
class StreamedRowsTest {

    private static final int ROWS = 2 * PlannedExecution.STREAMED_ROWS + 2_345;

    private static final List<String> STATEMENTS = List.of(
            "UPDATE items SET v = v + 1",
            "UPDATE items SET v = v + 1 WHERE id <= " + PlannedExecution.STREAMED_ROWS,
            "DELETE FROM items WHERE id % 2 = 0",
            "INSERT INTO items SELECT g, 0 FROM generate_series(1, 30000) g ON CONFLICT (id) DO NOTHING",
            "INSERT INTO items SELECT g, 1 FROM generate_series(1, 30000) g ON CONFLICT (id) DO UPDATE SET v = excluded.v "
                    + "WHERE items.id % 3 <> 0",
            "UPDATE items SET id = id + 100000 WHERE id > 600",
            "INSERT INTO items VALUES " + IntStream.rangeClosed(50_001, 62_000).mapToObj(id -> "(" + id + ", 0)")
                    .collect(Collectors.joining(", ")));

    @Test
    void updateCountsMatchPlainPgjdbc(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect()) {
            for (String sql : STATEMENTS) {
                refill(c);
                long expected = countWithPlainPgjdbc(s, sql);
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(7);
                    assertThat(st.executeLargeUpdate(sql)).as("executeLargeUpdate: %s", sql).isEqualTo(expected);
                    assertThat(st.getLargeUpdateCount()).as("getLargeUpdateCount: %s", sql).isEqualTo(expected);
                    assertThat(st.getFetchSize()).as("the application's fetch size").isEqualTo(7);
                }

                refill(c);
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertThat(ps.execute()).isFalse();
                    assertThat(ps.getUpdateCount()).as("prepared, in a transaction: %s", sql).isEqualTo((int) expected);
                    assertThat(ps.getFetchSize()).isZero();
                }
                c.commit();
                c.setAutoCommit(true);
            }
        }
        s.assertConsistent();
    }

    /** {@link #ROWS} rows, written through the driver so that Redis holds them too. */
    private static void refill(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM items");
            assertThat(st.executeUpdate("INSERT INTO items SELECT g, 0 FROM generate_series(1, " + ROWS + ") g")).isEqualTo(ROWS);
        }
    }

    private static long countWithPlainPgjdbc(MappedSchema s, String sql) throws SQLException {
        try (Connection raw = s.raw(); Statement st = raw.createStatement()) {
            raw.setAutoCommit(false);
            long count = st.executeLargeUpdate(sql);
            raw.rollback();
            return count;
        }
    }
}
