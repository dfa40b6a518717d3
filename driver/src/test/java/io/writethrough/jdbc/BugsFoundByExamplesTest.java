package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Regression tests for bugs the example programs (issue #4) ran into. */
@ExtendWith(WriteThroughServices.class)
class BugsFoundByExamplesTest {

    @Test
    void deleteOnATableWithAColumnsListRemovesTheKey(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE lines (order_no int, line_no int, qty int, PRIMARY KEY (order_no, line_no))");
        MappedSchema s = MappedSchema.of(db, redis, "table.lines.key={p}line:{order_no}:{line_no}", "table.lines.columns=qty");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO lines VALUES (1, 1, 5), (1, 2, 0)");
            assertThat(st.executeUpdate("DELETE FROM lines WHERE qty = 0")).isEqualTo(1);
        }
        assertThat(s.exists("line:1:2")).isFalse();
        assertThat(s.hash("line:1:1")).containsEntry("qty", "5");
        s.assertConsistent();
    }

    @Test
    void jsonEntryOfATableWithASerialIdMatchesTheOracle(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE orders (id serial PRIMARY KEY, amount int)");
        MappedSchema s = MappedSchema.of(db, redis, "table.orders.key={p}order:{id}", "table.orders.format=json");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO orders (amount) VALUES (5)");
        }
        assertThat(s.string("order:1")).isEqualTo("{\"id\":1,\"amount\":5}");
        s.assertConsistent();
    }
}
