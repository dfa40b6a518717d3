package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With pgjdbc's {@code reWriteBatchedInserts=true}, a prepared batch of single-row INSERTs on a mapped table is sent
 * as the multi-row INSERTs pgjdbc would send, with pgjdbc's update counts and errors, and Redis still in step. What
 * PostgreSQL ran is observed by a statement-level trigger that logs each INSERT statement's row count: pgjdbc's own
 * rewrite and the driver's must log the same chunks.
 */
@ExtendWith(WriteThroughServices.class)
class BatchRewriteTest {

    private static final String INSERT = "INSERT INTO items (id, name, price) VALUES (?, ?, ?)";

    /** items with a serial, defaults, a trigger that changes a value, and the statement log. */
    private static MappedSchema schema(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2), seq bigserial, "
                        + "added date DEFAULT current_date, shout text)",
                "CREATE TABLE statements (n bigserial, rows int)",
                "CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.shout := upper(NEW.name); "
                        + "RETURN NEW; END $$",
                "CREATE TRIGGER items_shout BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION shout()",
                "CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "INSERT INTO statements (rows) SELECT count(*) FROM new_rows; RETURN NULL; END $$",
                "CREATE TRIGGER items_statements AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION log_statement()");
        return MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
    }

    static Connection driver(MappedSchema s) throws SQLException {
        Properties p = s.properties();
        p.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(s.db.writeThroughUrl(), p);
    }

    static Connection rawRewrite(TestDatabase db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }

    /** What a batch gave the application, and the INSERT statements PostgreSQL ran for it (rows of each). */
    record Outcome(long[] counts, List<Integer> statements) {
        @Override
        public String toString() {
            return "counts " + Arrays.toString(counts) + ", statements " + statements;
        }
    }

    private static Outcome insert(Connection c, MappedSchema s, String sql, int rows, boolean large) throws SQLException {
        c.setAutoCommit(false);
        long[] counts;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= rows; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setBigDecimal(3, BigDecimal.valueOf(i, 2));
                ps.addBatch();
            }
            counts = large ? ps.executeLargeBatch() : Arrays.stream(ps.executeBatch()).asLongStream().toArray();
        }
        c.commit();
        return new Outcome(counts, statements(s));
    }

    /** The rows of each INSERT statement logged since the last call, in order; empties the log and the table. */
    static List<Integer> statements(MappedSchema s) throws SQLException {
        List<Integer> rows = new ArrayList<>();
        try (Connection raw = s.raw(); Statement st = raw.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rows FROM statements ORDER BY n")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1));
                }
            }
            st.execute("TRUNCATE statements");
        }
        return rows;
    }

    private static void empty(MappedSchema s) throws SQLException {
        try (Connection raw = s.raw(); Statement st = raw.createStatement()) {
            st.execute("TRUNCATE items, statements");
        }
        s.redisClient().keys(s.key("*")).forEach(s.redisClient()::del);
    }

    @ParameterizedTest
    @CsvSource({"1, false", "2, false", "3, false", "127, false", "128, false", "129, true", "1000, false", "1000, true"})
    void updateCountsAndStatementsAreThoseOfPgjdbc(int rows, boolean large, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        Outcome pgjdbc;
        try (Connection raw = rawRewrite(db)) {
            pgjdbc = insert(raw, s, INSERT, rows, large);
        }
        empty(s);
        Outcome driver;
        try (Connection c = driver(s)) {
            driver = insert(c, s, INSERT, rows, large);
        }
        assertThat(driver.counts()).as("update counts").containsExactly(pgjdbc.counts());
        assertThat(driver.statements()).as("INSERT statements PostgreSQL ran").isEqualTo(pgjdbc.statements());
        if (rows > 1) {
            assertThat(driver.statements()).as("rewritten").hasSizeLessThan(rows);
        }
        s.assertConsistent();
        assertThat(s.hash("item:" + rows)).containsEntry("shout", "ITEM " + rows).containsKey("seq").containsKey("added");
    }

    /** 40 parameters a row: pgjdbc's chunks of 1,024 rows stay under 65,535 bind values; 2,500 rows need 100,000. */
    @Test
    void aBatchBeyondTheBindParameterLimitIsChunkedAsPgjdbcDoes(TestDatabase db, TestRedis redis) throws Exception {
        StringBuilder columns = new StringBuilder("id int PRIMARY KEY");
        StringBuilder sql = new StringBuilder("INSERT INTO wide VALUES (?");
        for (int i = 1; i < 40; i++) {
            columns.append(", c").append(i).append(" int");
            sql.append(", ?");
        }
        db.execute("CREATE TABLE wide (" + columns + ")", "CREATE TABLE statements (n bigserial, rows int)",
                "CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "INSERT INTO statements (rows) SELECT count(*) FROM new_rows; RETURN NULL; END $$",
                "CREATE TRIGGER wide_statements AFTER INSERT ON wide REFERENCING NEW TABLE AS new_rows "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION log_statement()");
        MappedSchema s = MappedSchema.of(db, redis, "table.wide.key={p}wide:{id}");
        String insert = sql.append(")").toString();
        List<Outcome> outcomes = new ArrayList<>();
        for (boolean throughDriver : new boolean[] {false, true}) {
            try (Connection c = throughDriver ? driver(s) : rawRewrite(db); PreparedStatement ps = c.prepareStatement(insert)) {
                c.setAutoCommit(false);
                for (int row = 0; row < 2500; row++) {
                    for (int p = 1; p <= 40; p++) {
                        ps.setInt(p, p == 1 ? row : row * p);
                    }
                    ps.addBatch();
                }
                long[] counts = ps.executeLargeBatch();
                c.commit();
                outcomes.add(new Outcome(counts, statements(s)));
            }
            if (!throughDriver) {
                db.execute("TRUNCATE wide");
            }
        }
        assertThat(outcomes.get(1).statements()).containsExactly(1024, 1024, 256, 128, 64, 4).isEqualTo(outcomes.get(0).statements());
        assertThat(outcomes.get(1).counts()).containsExactly(outcomes.get(0).counts());
        s.assertConsistent();
        assertThat(s.hash("wide:2499")).containsEntry("c39", Integer.toString(2499 * 40));
    }

    @ParameterizedTest
    @CsvSource({"true, 3, 10", "false, 3, 10", "false, 9, 10", "true, 1, 2", "false, 600, 1000"})
    void aFailingRowGivesPgjdbcsBatchUpdateExceptionAndLeavesRedisAlone(boolean autoCommit, int duplicateAt, int rows,
            TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        List<BatchUpdateException> failures = new ArrayList<>();
        for (boolean throughDriver : new boolean[] {false, true}) {
            try (Connection c = throughDriver ? driver(s) : rawRewrite(db); PreparedStatement ps = c.prepareStatement(INSERT)) {
                c.setAutoCommit(autoCommit);
                for (int i = 0; i < rows; i++) {
                    ps.setInt(1, i == duplicateAt ? 0 : i);
                    ps.setString(2, "BOUND-CANARY-" + i);
                    ps.setBigDecimal(3, BigDecimal.ONE);
                    ps.addBatch();
                }
                failures.add((BatchUpdateException) org.assertj.core.api.Assertions.catchThrowable(ps::executeBatch));
                if (!autoCommit) {
                    c.rollback();
                }
            }
            statements(s);
        }
        BatchUpdateException pgjdbc = failures.get(0);
        BatchUpdateException driver = failures.get(1);
        assertThat(driver.getLargeUpdateCounts()).containsExactly(pgjdbc.getLargeUpdateCounts());
        assertThat(driver.getUpdateCounts()).containsExactly(pgjdbc.getUpdateCounts());
        assertThat(driver.getSQLState()).isEqualTo(pgjdbc.getSQLState()).isEqualTo("23505");
        assertThat(driver.getErrorCode()).isEqualTo(pgjdbc.getErrorCode());
        String entry = pgjdbc.getMessage().substring(0, pgjdbc.getMessage().indexOf(' ', "Batch entry ".length()));
        assertThat(driver.getMessage()).startsWith(entry + " ")
                .endsWith(pgjdbc.getMessage().substring(pgjdbc.getMessage().indexOf(" was aborted: ")))
                .doesNotContain("BOUND-CANARY");
        assertThat(driver.getNextException().getSQLState()).isEqualTo(pgjdbc.getNextException().getSQLState());
        assertThat(redis.keys()).isEmpty();
        try (Connection c = driver(s); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void rollbackAndSavepointRollbackRestoreRedis(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = driver(s); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            addRows(ps, 1, 100);
            ps.executeBatch();
            assertThat(s.exists("item:100")).isTrue();
            c.rollback();
            assertThat(redis.keys()).isEmpty();

            addRows(ps, 1, 50);
            ps.executeBatch();
            Savepoint savepoint = c.setSavepoint();
            addRows(ps, 51, 100);
            ps.executeBatch();
            assertThat(s.exists("item:100")).isTrue();
            c.rollback(savepoint);
            assertThat(s.exists("item:51")).isFalse();
            assertThat(s.exists("item:50")).isTrue();
            addRows(ps, 60, 70);
            ps.executeBatch();
            c.commit();
        }
        // The statement log is written in the transaction: what was rolled back is gone from it too.
        assertThat(statements(s)).containsExactly(32, 16, 2, 8, 2, 1);
        assertThat(redis.keys()).hasSize(61);
        s.assertConsistent();
    }

    private static void addRows(PreparedStatement ps, int from, int to) throws SQLException {
        for (int i = from; i <= to; i++) {
            ps.setInt(1, i);
            ps.setString(2, "item " + i);
            ps.setBigDecimal(3, BigDecimal.TEN);
            ps.addBatch();
        }
    }

    /** Every kind of setter, a value kept from the row before, a Timestamp changed after it was set: as pgjdbc stores them. */
    @Test
    void mixedSettersStoreWhatPgjdbcsRewriteStores(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE mixed (id int PRIMARY KEY, note text, data bytea, at timestamp, amount numeric(12,4), "
                + "code smallint, body bytea, chars text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.mixed.key={p}mixed:{id}");
        String sql = "INSERT INTO mixed VALUES (?, ?, ?, ?, ?, ?, ?, ?) -- trailing comment";
        List<List<Map<String, Object>>> stored = new ArrayList<>();
        for (boolean throughDriver : new boolean[] {false, true}) {
            try (Connection c = throughDriver ? driver(s) : rawRewrite(db); PreparedStatement ps = c.prepareStatement(sql)) {
                Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
                Timestamp reused = Timestamp.valueOf("2024-02-29 23:59:58.123456");
                for (int i = 0; i < 7; i++) {
                    ps.setInt(1, i);
                    if (i % 3 == 0) {
                        ps.setNull(2, Types.VARCHAR);
                    } else if (i != 4) {
                        ps.setString(2, "note " + i);
                    }
                    ps.setBytes(3, new byte[] {(byte) i, 0, (byte) 0xff});
                    reused.setTime(reused.getTime() + 3_600_000L * i);
                    ps.setTimestamp(4, reused, tokyo);
                    ps.setBigDecimal(5, new BigDecimal("12345678.9012").negate().add(BigDecimal.valueOf(i)));
                    ps.setObject(6, Integer.toString(i * 7), Types.SMALLINT);
                    ps.setBinaryStream(7, new ByteArrayInputStream(("stream " + i).getBytes(StandardCharsets.UTF_8)));
                    ps.setCharacterStream(8, new StringReader("reader " + i + " and more"), 8 + (i > 9 ? 1 : 0));
                    ps.addBatch();
                }
                reused.setTime(0);
                int n = Statement.SUCCESS_NO_INFO;
                assertThat(ps.executeBatch()).containsExactly(n, n, n, n, n, n, 1);
            }
            stored.add(db.queryRows("SELECT id, note, encode(data, 'hex') AS data, at::text AS at, amount::text AS amount, "
                    + "code, encode(body, 'escape') AS body, chars FROM mixed ORDER BY id"));
            if (!throughDriver) {
                db.execute("TRUNCATE mixed");
            }
        }
        assertThat(stored.get(1)).hasSize(7);
        assertThat(stored.get(1).toString()).isEqualTo(stored.get(0).toString());
        s.assertConsistent();
    }

    /** A parameter left unset after clearParameters fails as in pgjdbc; the previous batch's value is not used. */
    @Test
    void anUnsetParameterFailsAsInPgjdbc(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        List<String> states = new ArrayList<>();
        for (boolean throughDriver : new boolean[] {false, true}) {
            try (Connection c = throughDriver ? driver(s) : rawRewrite(db); PreparedStatement ps = c.prepareStatement(INSERT)) {
                addRows(ps, 1, 2);
                ps.executeBatch();
                ps.clearParameters();
                for (int i = 3; i <= 4; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "no price");
                    ps.addBatch();
                }
                states.add(((SQLException) org.assertj.core.api.Assertions.catchThrowable(ps::executeBatch)).getSQLState());
            }
            empty(s);
        }
        assertThat(states.get(1)).isNotNull().isEqualTo(states.get(0));
        assertThat(redis.keys()).isEmpty();
    }

    @Test
    void aSteadyBatchWorkloadParsesNothingAfterWarmUp(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = driver(s)) {
            WriteThroughConnection wt = c.unwrap(WriteThroughConnection.class);
            c.setAutoCommit(false);
            int id = 0;
            long parses = 0;
            for (int round = 0; round < 4; round++) {
                if (round == 2) {
                    parses = wt.context().plans().parses();
                }
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (int batch = 0; batch < 2; batch++) {
                        addRows(ps, id + 1, id + 1000);
                        id += 1000;
                        ps.executeBatch();
                    }
                }
                c.commit();
            }
            assertThat(wt.context().plans().parses()).as("parses after warm-up").isEqualTo(parses);
        }
        assertThat(statements(s)).hasSize(8 * 6);
        s.assertConsistent();
    }

    @Test
    void theSettingInTheUrlCountsToo(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        try (Connection c = DriverManager.getConnection(s.db.writeThroughUrl() + "&reWriteBatchedInserts=true", s.properties())) {
            insert(c, s, INSERT, 0, false);
            assertThat(insert(c, s, INSERT, 5, false).statements()).containsExactly(4, 1);
        }
        s.assertConsistent();
    }

    /** What pgjdbc does not rewrite keeps the driver's usual path: one statement per row, its true counts. */
    @ParameterizedTest
    @ValueSource(strings = {"no setting", "RETURNING", "generated keys", "parameter after VALUES"})
    void whatPgjdbcWouldNotRewriteRunsRowByRow(String which, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        String sql = switch (which) {
            case "RETURNING" -> INSERT + " RETURNING seq";
            case "parameter after VALUES" -> INSERT + " ON CONFLICT (id) DO UPDATE SET name = ?";
            default -> INSERT;
        };
        try (Connection c = which.equals("no setting") ? s.connect() : driver(s);
                PreparedStatement ps = which.equals("generated keys") ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                        : c.prepareStatement(sql)) {
            for (int i = 1; i <= 5; i++) {
                ps.setInt(1, i);
                ps.setString(2, "n");
                ps.setBigDecimal(3, BigDecimal.ONE);
                if (which.startsWith("parameter")) {
                    ps.setString(4, "m");
                }
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
        }
        assertThat(statements(s)).containsExactly(1, 1, 1, 1, 1);
        s.assertConsistent();
    }

    /** pgjdbc rewrites an upsert whose parameters are all in VALUES; so does the driver, with the same counts. */
    @Test
    void anUpsertIsRewrittenAsPgjdbcRewritesIt(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = schema(db, redis);
        String sql = INSERT + " ON CONFLICT (id) DO UPDATE SET name = excluded.name || ' again'";
        List<Outcome> outcomes = new ArrayList<>();
        for (boolean throughDriver : new boolean[] {false, true}) {
            try (Connection c = throughDriver ? driver(s) : rawRewrite(db)) {
                insert(c, s, sql, 6, false);
                outcomes.add(insert(c, s, sql, 7, false));
            }
            if (!throughDriver) {
                empty(s);
            }
        }
        assertThat(outcomes.get(1).counts()).containsExactly(outcomes.get(0).counts());
        // The log counts inserted rows: the chunks of 4 and 2 rows only updated.
        assertThat(outcomes.get(1).statements()).containsExactly(0, 0, 1).isEqualTo(outcomes.get(0).statements());
        assertThat(s.hash("item:6")).containsEntry("name", "item 6 again");
        assertThat(s.hash("item:7")).containsEntry("name", "item 7");
        s.assertConsistent();
    }

    @Test
    void redisDownDoomsTheTransaction(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        MappedSchema s = schema(db, redis);
        Properties p = s.properties();
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.redis.timeout.ms", "500");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            addRows(ps, 1, 10);
            ps.executeBatch();
            server.stop();
            addRows(ps, 11, 20);
            assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40003"));
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("rolled back");
        } finally {
            server.start();
        }
        try (Connection raw = s.raw(); Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
