package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DELETE or key-changing UPDATE on a mapped parent writes through the mapped rows its foreign-key actions delete or
 * change — {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, on delete and on update, three levels deep and
 * through an unmapped table in between — under every {@code on.unseen.write} policy: Redis equals the database
 * afterwards (0 differences), and after a rollback Redis is as before.
 */
@ExtendWith(WriteThroughServices.class)
class ForeignKeyActionsTest {

    private static final String[] SCHEMA = {
        "CREATE TABLE customers (id int PRIMARY KEY, name text)",
        "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers ON DELETE CASCADE "
                + "ON UPDATE CASCADE, total int)",
        "CREATE TABLE order_lines (order_id int REFERENCES orders ON DELETE CASCADE, line_no int, item text, "
                + "PRIMARY KEY (order_id, line_no))",
        "CREATE TABLE shipments (id int PRIMARY KEY, order_id int REFERENCES orders ON DELETE SET NULL "
                + "ON UPDATE SET DEFAULT, carrier text)",
        "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int DEFAULT 0 REFERENCES customers "
                + "ON DELETE SET DEFAULT ON UPDATE SET NULL, amount int)",
        "CREATE TABLE archives (id int PRIMARY KEY, order_id int REFERENCES orders ON DELETE CASCADE ON UPDATE CASCADE)",
        "CREATE TABLE archive_pages (id int PRIMARY KEY, archive_id int REFERENCES archives ON DELETE CASCADE, body text)",
        "CREATE TABLE regions (id int PRIMARY KEY)",
        "CREATE TABLE depots (id int PRIMARY KEY, region_id int REFERENCES regions ON DELETE CASCADE ON UPDATE CASCADE)",
    };

    private static final String[] MAPPING = {
        "table.customers.key={p}customer:{id}",
        "table.orders.key={p}order:{id}",
        "table.order_lines.key={p}line:{order_id}/{line_no}",
        "table.shipments.key={p}shipment:{id}",
        "table.invoices.key={p}invoice:{id}",
        "table.archive_pages.key={p}page:{id}",
        "table.depots.key={p}depot:{id}",
    };

    private MappedSchema schema(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute(SCHEMA);
        db.execute("INSERT INTO regions VALUES (1), (2)");
        MappedSchema s = MappedSchema.of(db, redis, MAPPING);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO customers VALUES (0, 'nobody'), (1, 'ann'), (2, 'bob'), (3, 'cy')");
            st.executeUpdate("INSERT INTO orders VALUES (10, 1, 5), (11, 1, 6), (20, 2, 7), (30, 3, 8)");
            st.executeUpdate("INSERT INTO order_lines VALUES (10, 1, 'tea'), (10, 2, 'cup'), (11, 1, 'pot'), (20, 1, 'jam')");
            st.executeUpdate("INSERT INTO shipments VALUES (1, 10, 'ups'), (2, 20, 'dhl'), (3, 30, 'dpd')");
            st.executeUpdate("INSERT INTO invoices VALUES (1, 1, 50), (2, 2, 60), (3, 3, 70)");
            st.executeUpdate("INSERT INTO archives VALUES (100, 10), (200, 20), (300, 30)");
            st.executeUpdate("INSERT INTO archive_pages VALUES (1, 100, 'a'), (2, 100, 'b'), (3, 200, 'c')");
            st.executeUpdate("INSERT INTO depots VALUES (1, 1), (2, 2)");
        }
        s.assertConsistent();
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail", "invalidate", "ignore"})
    void aDeleteWritesThroughEveryActionItReaches(String policy, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect("on.unseen.write", policy); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM customers WHERE id = 1")).isEqualTo(1);
        }
        assertThat(db.queryRows("SELECT count(*) AS n FROM archive_pages")).containsExactly(Map.of("n", 1L));
        assertThat(db.queryRows("SELECT customer_id FROM invoices WHERE id = 1")).containsExactly(Map.of("customer_id", 0));
        assertThat(s.exists("order:10")).isFalse();
        assertThat(s.exists("line:10/1")).isFalse();
        assertThat(s.exists("page:1")).isFalse();
        assertThat(s.hash("shipment:1")).doesNotContainKey("order_id").containsEntry("carrier", "ups");
        assertThat(s.hash("invoice:1")).containsEntry("customer_id", "0");
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail", "invalidate", "ignore"})
    void aPreparedDeleteOfSeveralParentsInATransactionWritesThroughAndRollsBack(String policy, TestDatabase db,
            TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Map<String, Map<String, String>> before = UnseenWritesTest.snapshot(s);
        try (Connection c = s.connect("on.unseen.write", policy); PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE id >= ?")) {
            c.setAutoCommit(false);
            ps.setInt(1, 2);
            assertThat(ps.executeUpdate()).isEqualTo(2);
            assertThat(CacheAssertions.report(CacheAssertions.differences(c, s.redis.client(), s.config.tables())))
                    .as("inside the transaction, as it sees the database").isEmpty();
            c.rollback();
            assertThat(UnseenWritesTest.snapshot(s)).isEqualTo(before);
            ps.setInt(1, 1);
            assertThat(ps.executeUpdate()).isEqualTo(3);
            c.commit();
        }
        assertThat(db.queryRows("SELECT count(*) AS n FROM orders")).containsExactly(Map.of("n", 0L));
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail", "invalidate", "ignore"})
    void aKeyChangeWritesThroughOnUpdateActions(String policy, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect("on.unseen.write", policy); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE customers SET id = 5 WHERE id = 2")).isEqualTo(1);
        }
        assertThat(s.hash("order:20")).containsEntry("customer_id", "5");
        assertThat(s.hash("invoice:2")).doesNotContainKey("customer_id");
        try (Connection c = s.connect("on.unseen.write", policy); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE orders SET id = 99 WHERE id = 30")).isEqualTo(1);
        }
        assertThat(s.hash("shipment:3")).as("ON UPDATE SET DEFAULT (NULL)").doesNotContainKey("order_id");
        assertThat(db.queryRows("SELECT order_id FROM archives WHERE id = 300")).containsExactly(Map.of("order_id", 99));
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail", "invalidate", "ignore"})
    void aDeleteOnAnUnmappedParentWritesThroughToo(String policy, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect("on.unseen.write", policy); Statement st = c.createStatement();
                PreparedStatement ps = c.prepareStatement("DELETE FROM regions WHERE id = ? RETURNING id")) {
            assertThat(st.executeUpdate("DELETE FROM regions WHERE id = 1")).isEqualTo(1);
            ps.setInt(1, 2);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getMetaData().getColumnCount()).as("the application's own columns only").isEqualTo(1);
            }
        }
        assertThat(s.exists("depot:1")).isFalse();
        assertThat(s.exists("depot:2")).isFalse();
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }

    @Test
    void batchedDeletesOnParentsWriteThrough(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE id = ?");
                Statement st = c.createStatement()) {
            ps.setInt(1, 1);
            ps.addBatch();
            ps.setInt(1, 2);
            ps.addBatch();
            assertThat(ps.executeBatch()).containsExactly(1, 1);
            st.addBatch("DELETE FROM regions WHERE id = 1");
            st.addBatch("DELETE FROM customers WHERE id = 3");
            assertThat(st.executeBatch()).containsExactly(1, 1);
        }
        assertThat(db.queryRows("SELECT count(*) AS n FROM orders")).containsExactly(Map.of("n", 0L));
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }

    @Test
    void anUpdateActionFromAnUnmappedParentIsFoundAndRefused(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeUpdate("UPDATE regions SET id = 9 WHERE id = 1"));
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("depots");
        }
        assertThat(db.queryRows("SELECT region_id FROM depots WHERE id = 1")).containsExactly(Map.of("region_id", 1));
        assertThat(CacheAssertions.report(s.differences())).isEmpty();
    }
}
