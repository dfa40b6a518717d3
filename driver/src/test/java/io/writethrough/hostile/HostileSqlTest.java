package io.writethrough.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.faults.FaultRig;
import io.writethrough.faults.Leaks;
import io.writethrough.jdbc.MappedSchema;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * SQL an application (or an attacker through it) may send that is broken or built to hurt: malformed statements reach
 * the application exactly as PostgreSQL reports them, at execute time, with Redis untouched; pathological statements
 * complete or are refused within bounded time and memory, leaving no thread behind and Redis equal to the database.
 */
@ExtendWith(WriteThroughServices.class)
class HostileSqlTest {

    /**
     * Statements on mapped tables that the database refuses; several also fail the driver's own SQL analysis.
     * Key-changing UPDATEs with an error in the WHERE clause are in
     * {@link #anErrorInAKeyChangingUpdateReportsThePositionInTheApplicationsSql} (the error's position must not point
     * into the driver's rewrite).
     */
    static final List<String> MALFORMED = List.of(
            "UPDATE accounts SET WHERE id = 1",
            "UPDATE accounts SET balance = WHERE id = 1",
            "INSERT INTO accounts VALUES (",
            "INSERT INTO accounts (id, nosuch) VALUES (1, 2)",
            "DELETE FROM accounts WHERE",
            "DELETE FROM accounts WHERE id = 1)",
            "UPDATE accounts SET balance = 'abc' WHERE id = 1",
            "UPDATE acounts SET balance = 1",
            "INSERT INTO accounts SELECT * FROM nosuch",
            "UPDATE accounts SET balance = balance + 1 WHERE id = 1; DELETE FROM",
            "UPDATE accounts SET balance = 1 WHERE id = $1",
            "INSERT INTO accounts (id) VALUES (1) ON CONFLICT (nosuch) DO NOTHING",
            "UPDATE accounts SET id = id + 1 WHERE",
            "UPDATE accounts SET id = id + 'x' WHERE id = 1",
            "UPDATE order_lines SET line_no = line_no + 1 WHERE order_id = 1 AND 1 / 0 = 1",
            "INSERT INTO tags (name, meta) VALUES ('m', '{not json')",
            "UPDATE tags SET flags = '{maybe}' WHERE name = 'a'",
            "UPDATE accounts SET balance = balance + 1 RETURNING nosuch",
            "DELETE FROM accounts a USING nosuch n WHERE a.id = n.id",
            "WITH x AS (UPDATE accounts SET balance = 0 RETURNING *) SELECT * FROM nosuch",
            "UPDATE \"Accounts\" SET balance = 1",
            "INSERT INTO accounts (id) VALUES (1) RETURNING",
            "UPDATE accounts SET balance = 1 WHERE id IN (SELECT)",
            "   ",
            ";");

    private static Map<String, String> snapshot(RedisClient redis) {
        Map<String, String> all = new TreeMap<>();
        for (String key : redis.keys("*")) {
            String type = redis.type(key);
            all.put(key, switch (type) {
                case "hash" -> new TreeMap<>(redis.hgetAll(key)).toString();
                case "string" -> redis.get(key);
                default -> type;
            });
        }
        return all;
    }

    /** The exception, or null, from running {@code sql} as {@code how} says on {@code c} inside a rolled-back transaction. */
    private static SQLException outcome(Connection c, String sql, boolean prepared, boolean inTransaction) throws SQLException {
        c.setAutoCommit(!inTransaction);
        try {
            if (prepared) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.execute();
                }
            } else {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
            }
            return null;
        } catch (SQLException e) {
            return e;
        } finally {
            if (inTransaction) {
                c.rollback();
            }
            c.setAutoCommit(true);
        }
    }

    @Test
    void malformedStatementsReachTheApplicationExactlyAsThePostgresDriverReportsThem(TestDatabase db, PrivateRedisServer server)
            throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection raw = rig.raw(); Connection c = rig.connect()) {
            Map<String, String> before = snapshot(rig.direct);
            List<String> mismatches = new ArrayList<>();
            for (String sql : MALFORMED) {
                for (boolean prepared : new boolean[] {false, true}) {
                    for (boolean inTransaction : new boolean[] {false, true}) {
                        SQLException expected = outcome(raw, sql, prepared, inTransaction);
                        SQLException actual = outcome(c, sql, prepared, inTransaction);
                        String how = (prepared ? "prepared" : "plain") + (inTransaction ? " in a transaction" : " in autocommit");
                        if (expected == null || actual == null) {
                            if (expected != actual) {
                                mismatches.add(how + ": " + sql + "\n    pgjdbc: " + expected + "\n    driver: " + actual);
                            }
                            continue;
                        }
                        if (!expected.getClass().equals(actual.getClass()) || !String.valueOf(expected.getSQLState()).equals(actual.getSQLState())
                                || !String.valueOf(expected.getMessage()).equals(actual.getMessage())) {
                            mismatches.add(how + ": " + sql + "\n    pgjdbc: " + expected.getClass().getSimpleName() + " "
                                    + expected.getSQLState() + " " + expected.getMessage() + "\n    driver: "
                                    + actual.getClass().getSimpleName() + " " + actual.getSQLState() + " " + actual.getMessage());
                        }
                    }
                }
            }
            assertThat(mismatches).as("statements whose error differs from pgjdbc's own").isEmpty();
            assertThat(snapshot(rig.direct)).as("Redis after the malformed statements").isEqualTo(before);
            rig.assertExact("after malformed statements");
        }
    }

    @Test
    void anErrorInAKeyChangingUpdateReportsThePositionInTheApplicationsSql(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 1)");
        String sql = "UPDATE t SET id = 5 WHERE nosuch = 1";
        String expected;
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            expected = catchThrowable(() -> st.executeUpdate(sql)).getMessage();
        }
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), MappedSchema.of(db, redis, "table.t.key={p}t:{id}").properties());
             Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(sql)).hasMessage(expected); // "... Position: 27"
        }
    }

    /** Writes on mapped tables in disguise: each must be refused or written through, never silently skipped. */
    static final List<String> DISGUISED = List.of(
            "EXPLAIN ANALYZE UPDATE accounts SET balance = 101 WHERE id = 1",
            "EXPLAIN (ANALYZE, BUFFERS) DELETE FROM accounts WHERE id = 2",
            "PREPARE p1 AS UPDATE accounts SET balance = 103 WHERE id = 3",
            "UPDATE accounts * SET balance = 104 WHERE id = 4",
            "DELETE FROM accounts * WHERE id = 5",
            "WITH u AS (UPDATE accounts SET balance = 106 WHERE id = 6 RETURNING *) SELECT * FROM u",
            "/* c */ UPDATE accounts SET balance = 107 WHERE id = 7",
            "-- c\nUPDATE accounts SET balance = 108 WHERE id = 8",
            "update \"accounts\" set balance = 109 where id = 9",
            "SELECT 1; UPDATE accounts SET balance = 112 WHERE id = 12",
            "DO $$ BEGIN UPDATE accounts SET balance = 113 WHERE id = 13; END $$",
            "MERGE INTO accounts a USING (SELECT 14 AS id) s ON a.id = s.id WHEN MATCHED THEN UPDATE SET balance = 114",
            "UPDATE accounts SET balance = 115 WHERE id = 15 RETURNING (SELECT 1)",
            "UPDATE accounts SET balance = 118 WHERE id = 18 ;;",
            "UPDATE accounts SET balance = 119 WHERE id = 19;\n-- trailing comment",
            "  \n\tUPDATE accounts SET balance = 121 WHERE id = 21",
            "UPDATE accounts SET (balance, owner) = (SELECT 123, 'x') WHERE id = 23",
            "INSERT INTO accounts TABLE accounts",
            "UPDATE accounts SET balance = 126 FROM (VALUES (26)) v(i) WHERE id = v.i",
            "EXPLAIN ANALYZE INSERT INTO accounts (id) VALUES (999)",
            "DELETE FROM accounts WHERE CURRENT OF c",
            "TRUNCATE accounts",
            "COPY accounts FROM STDIN");

    @Test
    void disguisedWritesAreRefusedOrWrittenThrough(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection c = rig.connect()) {
            for (String sql : DISGUISED) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                } catch (SQLException refused) {
                    // refused (by the driver or the database): nothing ran
                }
                rig.assertExact("after: " + sql);
            }
        }
    }

    @Test
    void aMalformedStatementFailsAtExecuteNotAtPrepare(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection c = rig.connect()) {
            for (String sql : MALFORMED) {
                try {
                    // pgjdbc contacts the server only on execute; so must the driver
                    c.prepareStatement(sql).close();
                } catch (SQLException e) {
                    throw new AssertionError("prepareStatement threw for: " + sql + ": " + e, e);
                }
            }
        }
    }

    @Test
    void pathologicalStatementsTakeBoundedTimeAndMemoryAndLeaveNoThread(TestDatabase db, PrivateRedisServer server) throws Exception {
        Leaks leaks = Leaks.snapshot();
        Map<String, String> figures = new TreeMap<>();
        try (FaultRig rig = FaultRig.create(db, server, 5_000); Connection c = rig.connect(); Statement st = c.createStatement()) {
            String deep = "UPDATE accounts SET balance = balance + 1 WHERE " + "(".repeat(5_000) + "id = 1" + ")".repeat(5_000);
            figures.put("5,000-deep parentheses", run(st, deep));
            String deepCase = "UPDATE accounts SET balance = " + "CASE WHEN id > 0 THEN ".repeat(3_000) + "1" + " END".repeat(3_000)
                    + " WHERE id = 2";
            figures.put("3,000-deep CASE", run(st, deepCase));
            StringBuilder in = new StringBuilder("UPDATE accounts SET balance = balance + 1 WHERE id IN (");
            for (int i = 1; i <= 100_000; i++) {
                in.append(i == 1 ? "" : ",").append(i);
            }
            figures.put("100,000-element IN list", run(st, in.append(')').toString()));
            String literal = "x".repeat(10 * 1024 * 1024);
            figures.put("10 MB literal", run(st, "UPDATE accounts SET owner = '" + literal + "' WHERE id = 3"));
            figures.put("10 MB bound parameter", runPrepared(c, "UPDATE accounts SET owner = ? WHERE id = 4", literal));
            String manyStatements = "UPDATE accounts SET balance = 0 WHERE id = 5;".repeat(10_000);
            figures.put("10,000 statements in one string", run(st, manyStatements));
            rig.assertExact("after pathological statements");
            String line = "hostile SQL: " + figures;
            System.out.println(line);
            DifferentialTest.record(line);
        }
        assertThat(leaks.newThreads(Duration.ofSeconds(5))).as("threads left behind").isEmpty();
        for (Map.Entry<String, String> figure : figures.entrySet()) {
            long millis = Long.parseLong(figure.getValue().replaceAll(" ms.*", ""));
            assertThat(millis).as(figure.getKey() + " (" + figure.getValue() + ")").isLessThan(20_000);
        }
    }

    private static String run(Statement st, String sql) {
        return timed(() -> st.execute(sql));
    }

    private static String runPrepared(Connection c, String sql, String value) {
        return timed(() -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.execute();
            }
        });
    }

    private static String timed(FaultRig.SqlAction action) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long usedBefore = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        String outcome;
        try {
            action.run();
            outcome = "ok";
        } catch (SQLException e) {
            outcome = e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("");
            if (outcome.length() > 120) {
                outcome = outcome.substring(0, 120) + "…";
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return millis + " ms, peak heap +" + Math.max(0, peak - usedBefore) / (1024 * 1024) + " MB, " + outcome;
    }
}
