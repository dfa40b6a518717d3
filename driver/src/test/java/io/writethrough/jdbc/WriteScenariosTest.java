package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What lands in Redis for each kind of write, checked value by value and with the fixture assertion. */
@ExtendWith(WriteThroughServices.class)
class WriteScenariosTest {

    private static final String USERS = """
            CREATE TABLE users (
              id serial PRIMARY KEY,
              name text NOT NULL,
              email text,
              visits int NOT NULL DEFAULT 0,
              created_at timestamptz NOT NULL DEFAULT '2026-11-26 18:20:01.123456+00',
              touched_by text)
            """;
    private static final String TRIGGER = """
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.touched_by := 'trigger:' || NEW.name; RETURN NEW; END $$;
            CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            """;

    private MappedSchema users(TestDatabase db, TestRedis redis) {
        db.execute(USERS, TRIGGER);
        return MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
    }

    @Test
    void insertWritesTheRowAsStoredWithDefaultsSequencesAndTriggers(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = users(db, redis);
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO users (name) VALUES (?)")) {
            ps.setString(1, "Zoë");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(s.hash("user:1")).isEqualTo(Map.of(
                "id", "1", "name", "Zoë", "visits", "0",
                "created_at", "2026-11-26T18:20:01.123456Z", "touched_by", "trigger:Zoë"));
        s.assertConsistent();
    }

    @Test
    void updateWithAnExpressionWritesTheNewValue(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = users(db, redis);
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name) VALUES ('a'), ('b'), ('c')");
            assertThat(st.executeUpdate("UPDATE users SET visits = visits + 1 WHERE id >= 2")).isEqualTo(2);
            assertThat(st.executeUpdate("UPDATE users SET visits = visits + 1 WHERE name = 'c'")).isEqualTo(1);
        }
        assertThat(s.hash("user:1")).containsEntry("visits", "0");
        assertThat(s.hash("user:2")).containsEntry("visits", "1");
        assertThat(s.hash("user:3")).containsEntry("visits", "2");
        s.assertConsistent();
    }

    @Test
    void updateAndDeleteByRangeAndByJoin(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = users(db, redis);
        db.execute("CREATE TABLE banned (email text, reason text)", "INSERT INTO banned VALUES ('b@x', 'spam'), ('d@x', 'spam')");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String n : new String[] {"a", "b", "c", "d", "e"}) {
                st.executeUpdate("INSERT INTO users (name, email) VALUES ('" + n + "', '" + n + "@x')");
            }
            assertThat(st.executeUpdate("UPDATE users u SET name = upper(u.name) FROM banned b WHERE b.email = u.email")).isEqualTo(2);
            assertThat(s.hash("user:2")).as("the joined table's columns stay out").containsEntry("name", "B").doesNotContainKey("reason");
            assertThat(st.executeUpdate("DELETE FROM users WHERE id BETWEEN 4 AND 5")).isEqualTo(2);
            assertThat(st.executeUpdate("DELETE FROM users u USING banned b WHERE b.email = u.email")).isEqualTo(1);
        }
        assertThat(s.exists("user:2")).isFalse();
        assertThat(s.exists("user:4")).isFalse();
        assertThat(s.exists("user:5")).isFalse();
        assertThat(s.hash("user:1")).containsEntry("name", "a");
        s.assertConsistent();
    }

    @Test
    void keyChangingUpdateRemovesTheOldKey(TestDatabase db, TestRedis redis) throws Exception {
        // DEFERRABLE: uniqueness is checked at the end of the statement, so rows may move onto keys others leave.
        db.execute("CREATE TABLE seats (id int PRIMARY KEY DEFERRABLE, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.seats.key={p}seat:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO seats VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            assertThat(st.executeUpdate("UPDATE seats SET id = id + 1")).isEqualTo(3);
            try (PreparedStatement ps = c.prepareStatement("UPDATE seats SET id = ? WHERE name = ?")) {
                ps.setInt(1, 100);
                ps.setString(2, "a");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(s.exists("seat:1")).isFalse();
        assertThat(s.exists("seat:2")).isFalse();
        assertThat(s.hash("seat:100")).containsEntry("name", "a");
        assertThat(s.hash("seat:3")).containsEntry("name", "b");
        assertThat(s.hash("seat:4")).containsEntry("name", "c");
        s.assertConsistent();
    }

    @Test
    void compositeKeysAndExplicitColumns(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE order_lines (order_id int, line_no int, sku text, qty int, note text, PRIMARY KEY (order_id, line_no))");
        MappedSchema s = MappedSchema.of(db, redis,
                "table.order_lines.key={p}order:{order_id}:line:{line_no}",
                "table.order_lines.columns=sku,qty");
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO order_lines (order_id, line_no, sku, qty, note) VALUES (?, ?, ?, ?, 'x')")) {
            for (int line = 1; line <= 3; line++) {
                ps.setInt(1, 10);
                ps.setInt(2, line);
                ps.setString(3, "sku-" + line);
                ps.setInt(4, line * 2);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
        }
        assertThat(s.hash("order:10:line:2")).isEqualTo(Map.of("sku", "sku-2", "qty", "4"));
        s.assertConsistent();
    }

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
    void typesAndNullsInBothFormats(TestDatabase db, TestRedis redis) throws Exception {
        String columns = "(id int PRIMARY KEY, amount numeric(10,2), at timestamptz, ok boolean, data bytea, title text, "
                + "ratio real, score double precision, day date, tags int[], doc jsonb)";
        db.execute("CREATE TABLE h " + columns, "CREATE TABLE j " + columns);
        MappedSchema s = MappedSchema.of(db, redis, "table.h.key={p}h:{id}", "table.j.key={p}j:{id}", "table.j.format=json");
        String values = " VALUES (1, 5.00, '2026-11-26 19:20:01.5+01', true, '\\xdeadbeef', 'Zoë ✓ 𝄞', 0.1, 1e20, '2026-11-26', "
                + "'{1,2,NULL}', '{\"a\": [1, 2.50]}'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO h" + values);
            st.executeUpdate("INSERT INTO j" + values);
        }
        assertThat(s.hash("h:1")).containsEntry("amount", "5.00").containsEntry("at", "2026-11-26T18:20:01.500Z")
                .containsEntry("ok", "true").containsEntry("data", "3q2+7w==").containsEntry("title", "Zoë ✓ 𝄞")
                .containsEntry("ratio", "0.1").containsEntry("score", "1.0E20").containsEntry("day", "2026-11-26");
        assertThat(s.hash("h:2")).isEqualTo(Map.of("id", "2"));
        assertThat(s.string("j:2")).isEqualTo("{\"id\":2,\"amount\":null,\"at\":null,\"ok\":null,\"data\":null,\"title\":null,"
                + "\"ratio\":null,\"score\":null,\"day\":null,\"tags\":null,\"doc\":null}");
        assertThat(s.string("j:1")).contains("\"amount\":5.00", "\"ok\":true", "\"tags\":[1,2,null]", "\"doc\":{\"a\": [1, 2.50]}",
                "\"at\":\"2026-11-26T18:20:01.500Z\"");
        s.assertConsistent();
    }

    @Test
    void numericTextDoesNotDependOnTheTransferMode(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE n (id int PRIMARY KEY, fixed numeric(10,2), free numeric)",
                "CREATE TABLE nj (id int PRIMARY KEY, fixed numeric(10,2), free numeric)");
        MappedSchema s = MappedSchema.of(db, redis, "table.n.key={p}n:{id}", "table.nj.key={p}nj:{id}",
                "table.nj.format=json");
        String[][] rows = {{"0.00", "1e300"}, {"-0.01", "NaN"}, {"12.50", "Infinity"}, {"99999999.99", "-Infinity"},
                           {"1", "0.000000000000000000001"}};
        for (String threshold : new String[] {"0", "-1"}) {
            try (Connection c = withPrepareThreshold(db, s, threshold)) {
                for (String table : new String[] {"n", "nj"}) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                            + " VALUES (?, ?::numeric, ?::numeric) ON CONFLICT (id) DO UPDATE SET fixed = excluded.fixed,"
                            + " free = excluded.free")) {
                        for (int i = 0; i < rows.length; i++) {
                            ps.setInt(1, i);
                            ps.setString(2, rows[i][0]);
                            ps.setString(3, rows[i][1]);
                            ps.executeUpdate();
                        }
                    }
                }
            }
            String transfer = "prepareThreshold=" + threshold;
            assertThat(s.hash("n:0")).as(transfer).containsEntry("fixed", "0.00").containsEntry("free", "1" + "0".repeat(300));
            assertThat(s.hash("n:1")).as(transfer).containsEntry("fixed", "-0.01").containsEntry("free", "NaN");
            assertThat(s.hash("n:2")).as(transfer).containsEntry("fixed", "12.50").containsEntry("free", "Infinity");
            assertThat(s.hash("n:3")).as(transfer).containsEntry("fixed", "99999999.99").containsEntry("free", "-Infinity");
            assertThat(s.hash("n:4")).as(transfer).containsEntry("fixed", "1.00")
                    .containsEntry("free", "0.000000000000000000001");
            assertThat(s.string("nj:1")).as(transfer).isEqualTo("{\"id\":1,\"fixed\":-0.01,\"free\":\"NaN\"}");
            assertThat(s.string("nj:3")).as(transfer).isEqualTo("{\"id\":3,\"fixed\":99999999.99,\"free\":\"-Infinity\"}");
            assertThat(s.string("nj:4")).as(transfer).isEqualTo("{\"id\":4,\"fixed\":1.00,\"free\":0.000000000000000000001}");
            s.assertConsistent();
        }
    }

    /** A driver connection whose pgjdbc asks for binary results from the first execution (-1) or never prepares (0). */
    private static Connection withPrepareThreshold(TestDatabase db, MappedSchema s, String threshold) throws Exception {
        Properties properties = s.properties();
        properties.setProperty("prepareThreshold", threshold);
        return DriverManager.getConnection(db.writeThroughUrl(), properties);
    }

    @Test
    void uuidTextDoesNotDependOnTheTransferMode(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE u (id uuid PRIMARY KEY, other uuid)",
                "CREATE TABLE uj (id uuid PRIMARY KEY, other uuid)");
        MappedSchema s = MappedSchema.of(db, redis, "table.u.key={p}u:{id}", "table.uj.key={p}uj:{id}",
                "table.uj.format=json");
        String[] ids = {"00000000-0000-0000-0000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff"};
        for (String threshold : new String[] {"0", "-1"}) {
            try (Connection c = withPrepareThreshold(db, s, threshold)) {
                for (String table : new String[] {"u", "uj"}) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                            + " VALUES (?::uuid, upper(?)::uuid) ON CONFLICT (id) DO UPDATE SET other = excluded.other")) {
                        for (String id : ids) {
                            ps.setString(1, id);
                            ps.setString(2, id);
                            ps.executeUpdate();
                        }
                        ps.setString(1, "{A0EEBC999C0B4EF8BB6D6BB9BD380A12}");
                        ps.setString(2, ids[0]);
                        ps.executeUpdate();
                    }
                }
            }
            String transfer = "prepareThreshold=" + threshold;
            for (String id : ids) {
                assertThat(s.hash("u:" + id)).as(transfer).containsEntry("id", id).containsEntry("other", id);
                assertThat(s.string("uj:" + id)).as(transfer)
                        .isEqualTo("{\"id\":\"" + id + "\",\"other\":\"" + id + "\"}");
            }
            assertThat(s.hash("u:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12")).as(transfer)
                    .containsEntry("id", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12");
            s.assertConsistent();
        }
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

    @Test
    void ttlIsAppliedOnEveryWrite(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE sessions (id int PRIMARY KEY, v text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.sessions.key={p}s:{id}", "table.sessions.ttl=300");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO sessions VALUES (1, 'a')");
            redis.client().persist(s.key("s:1"));
            st.executeUpdate("UPDATE sessions SET v = 'b'");
        }
        assertThat(redis.client().ttl(s.key("s:1"))).isBetween(290L, 300L);
        s.assertConsistent();
    }

    @Test
    void quotedMixedCaseAndSchemaQualifiedTables(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE \"AccMixed\" (\"ID\" int PRIMARY KEY, \"Name\" text)",
                "CREATE TABLE accmixed (id int PRIMARY KEY, name text)",
                "CREATE SCHEMA " + db.schema() + "_sales",
                "CREATE TABLE " + db.schema() + "_sales.invoices (id int PRIMARY KEY, total int)",
                "CREATE TABLE invoices (id int PRIMARY KEY, total int)");
        MappedSchema s = MappedSchema.of(db, redis,
                "table.AccMixed.key={p}acc:{ID}",
                "table." + db.schema() + "_sales.invoices.key={p}inv:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO \"AccMixed\" VALUES (1, 'x')");
            st.executeUpdate("INSERT INTO AccMixed VALUES (2, 'unmapped: folds to accmixed')");
            st.executeUpdate("INSERT INTO " + db.schema() + "_sales.invoices VALUES (7, 70)");
            st.executeUpdate("INSERT INTO invoices VALUES (8, 80)");
            st.execute("SET search_path TO " + db.schema() + "_sales");
            st.executeUpdate("INSERT INTO invoices VALUES (9, 90)");
        }
        assertThat(s.hash("acc:1")).isEqualTo(Map.of("ID", "1", "Name", "x"));
        assertThat(s.exists("acc:2")).isFalse();
        assertThat(s.hash("inv:7")).isEqualTo(Map.of("id", "7", "total", "70"));
        assertThat(s.exists("inv:8")).as("same-named table in another schema").isFalse();
        assertThat(s.hash("inv:9")).isEqualTo(Map.of("id", "9", "total", "90"));
        db.execute("DROP SCHEMA " + db.schema() + "_sales CASCADE");
    }

    @Test
    void upsertBothBranchesAndDoNothing(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE stock (sku text PRIMARY KEY, qty int NOT NULL)");
        MappedSchema s = MappedSchema.of(db, redis, "table.stock.key={p}stock:{sku}", "table.stock.format=json");
        String upsert = "INSERT INTO stock VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty";
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement(upsert); Statement st = c.createStatement()) {
            ps.setString(1, "a:1");
            ps.setInt(2, 5);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            ps.setInt(2, 7);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(st.executeUpdate("INSERT INTO stock VALUES ('a:1', 100) ON CONFLICT DO NOTHING")).isZero();
        }
        assertThat(s.string("stock:a%3A1")).isEqualTo("{\"sku\":\"a:1\",\"qty\":12}");
        s.assertConsistent();
    }

    @Test
    void applicationReturningAndGeneratedKeysAreWhatPgjdbcGives(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = users(db, redis);
        try (Connection c = s.connect()) {
            // Hibernate's IDENTITY insert on PostgreSQL.
            try (PreparedStatement ps = c.prepareStatement("insert into users (name) values (?) returning id")) {
                ps.setString(1, "h");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong("id")).isEqualTo(1);
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into users (name) values (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "g");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(2);
                    assertThat(keys.getString("name")).isEqualTo("g");
                    assertThat(keys.getMetaData().getColumnCount()).isEqualTo(6);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into users (name) values (?)", new String[] {"id"})) {
                ps.setString(1, "n");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getMetaData().getColumnCount()).isEqualTo(1);
                    assertThat(keys.getInt(1)).isEqualTo(3);
                }
            }
            try (Statement st = c.createStatement()) {
                assertThat(st.execute("UPDATE users SET visits = 9 WHERE id = 3 RETURNING id, visits")).isTrue();
                try (ResultSet rs = st.getResultSet()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(2)).isEqualTo(9);
                }
                assertThat(st.getMoreResults()).isFalse();
                assertThat(st.getUpdateCount()).isEqualTo(-1);
                assertThat(st.executeUpdate("UPDATE users SET visits = 1")).isEqualTo(3);
                try (ResultSet keys = st.getGeneratedKeys()) {
                    assertThat(keys.next()).as("no keys were asked for").isFalse();
                }
                assertThatThrownBy(() -> st.executeUpdate("DELETE FROM users WHERE id = 1 RETURNING id"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0100E"));
            }
        }
        assertThat(s.exists("user:1")).as("the delete ran, as with pgjdbc").isFalse();
        assertThat(s.hash("user:3")).containsEntry("visits", "1");
        s.assertConsistent();
    }

    @Test
    void everyExecutePathWritesThrough(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.t.key={p}t:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO t VALUES (1, 'executeUpdate')")).isEqualTo(1);
            assertThat(st.executeLargeUpdate("INSERT INTO t VALUES (2, 'executeLargeUpdate')")).isEqualTo(1L);
            assertThat(st.execute("INSERT INTO t VALUES (3, 'execute')")).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(1);
            assertThat(st.executeUpdate("INSERT INTO t VALUES (4, 'names')", new String[] {"v"})).isEqualTo(1);
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getString(1)).isEqualTo("names");
            }
            assertThat(st.execute("INSERT INTO t VALUES (5, 'execute keys')", Statement.RETURN_GENERATED_KEYS)).isFalse();
            assertThat(st.executeLargeUpdate("INSERT INTO t VALUES (6, 'large keys')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1L);
            try (ResultSet rs = st.executeQuery("INSERT INTO t VALUES (7, 'executeQuery') RETURNING v")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("v")).isEqualTo("executeQuery");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
                ps.setString(1, "prepared large");
                ps.setInt(2, 1);
                assertThat(ps.executeLargeUpdate()).isEqualTo(1L);
                ps.setString(1, "prepared execute");
                ps.setInt(2, 2);
                assertThat(ps.execute()).isFalse();
                for (int id = 3; id <= 4; id++) {
                    ps.setString(1, "large batch");
                    ps.setInt(2, id);
                    ps.addBatch();
                }
                assertThat(ps.executeLargeBatch()).containsExactly(1L, 1L);
            }
            assertThatThrownBy(() -> st.executeQuery("DELETE FROM t WHERE id = 7"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("02000"));
        }
        assertThat(s.hash("t:1")).containsEntry("v", "prepared large");
        assertThat(s.hash("t:3")).containsEntry("v", "large batch");
        assertThat(s.exists("t:7")).as("the DELETE ran before pgjdbc's 'no results' error, as without the driver").isFalse();
        s.assertConsistent();
    }

    @Test
    void unmappedTablesSelectsAndDdlPassThrough(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = users(db, redis);
        db.execute("CREATE TABLE audit (id serial, what text)");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO audit (what) VALUES ('x'), ('y')")).isEqualTo(2);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getStatement()).isSameAs(st);
                assertThat(rs.getInt(1)).isZero();
            }
            st.execute("ALTER TABLE audit ADD COLUMN extra int");
            assertThat(st.getConnection()).isSameAs(c);
            assertThat(c.unwrap(org.postgresql.PGConnection.class)).isNotNull();
        }
        assertThat(redis.keys()).isEmpty();
    }
}
