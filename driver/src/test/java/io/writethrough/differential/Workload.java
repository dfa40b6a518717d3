package io.writethrough.differential;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The randomized statements and transactions of the differential test, over {@link DifferentialSchema}'s tables.
 * Everything is drawn from the {@link Random} given, so one seed gives one sequence of statements per thread.
 *
 * <p>Key ranges are small so that threads collide: row locks, deadlocks (40P01), unique violations (23505),
 * check violations (23514) and, under REPEATABLE READ, serialization failures (40001) are part of the workload.
 * A failed statement rolls back to the open savepoint when there is one, else the whole transaction.
 */
public final class Workload {

    static final int ACCOUNTS = 120;
    /** Accounts move between id and id + MOVED: key-changing updates into free space and back. */
    static final int MOVED = 1000;
    static final int ORDERS = 30;
    static final int LINES = 6;
    static final List<String> TAG_NAMES = tagNames();

    /** Full rollbacks the workload chooses (rollback or close), in percent; errors add to them. */
    private static final int ROLLBACK_PERCENT = 22;
    private static final int CLOSE_PERCENT = 3;
    private static final int AUTOCOMMIT_PERCENT = 15;
    private static final int REPEATABLE_READ_PERCENT = 10;
    private static final int SAVEPOINT_PERCENT = 15;

    private final Predicate<SQLException> expected;
    private final RunFigures figures;
    /** Whether an occasional TRUNCATE runs (its ACCESS EXCLUSIVE lock stalls whatever else reads the table). */
    private final boolean truncates;

    /** A connection that the workload may close and replace (close without commit is one way to roll back). */
    interface Session {
        Connection connection();

        void reopen() throws SQLException;
    }

    Workload(Predicate<SQLException> expected, RunFigures figures, boolean truncates) {
        this.expected = expected;
        this.figures = figures;
        this.truncates = truncates;
    }

    /**
     * The SQLStates a workload without injected faults expects. 21000: a batched upsert sent as one multi-row INSERT
     * ({@code reWriteBatchedInserts}) that names one account twice (ON CONFLICT DO UPDATE cannot affect a row twice).
     */
    public static boolean ordinaryError(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state) || "23505".equals(state) || "23514".equals(state)
                || "21000".equals(state);
    }

    /** Rows that exist before the run, written through the driver so that Redis starts equal to the database. */
    public static void seed(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts (id, balance) SELECT g, g * 10 FROM generate_series(1, " + (ACCOUNTS * 2 / 3) + ") g");
            st.executeUpdate("INSERT INTO order_lines (order_id, line_no, sku, qty, price) "
                    + "SELECT o, l, 'sku-' || (o * l % 7), l, o + l / 4.0 FROM generate_series(1, " + ORDERS + ") o, "
                    + "generate_series(1, 3) l");
            st.executeUpdate("INSERT INTO sessions (account_id, score) SELECT g, g / 3.0 FROM generate_series(1, 40) g");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (name, hits, meta) VALUES (?, ?, ?::jsonb)")) {
            for (int i = 0; i < TAG_NAMES.size(); i += 2) {
                ps.setString(1, TAG_NAMES.get(i));
                ps.setLong(2, i);
                ps.setString(3, "{\"i\": " + i + "}");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Runs one transaction: an autocommit statement, or a few statements with savepoints, ending in commit,
     * rollback or close. Expected errors end the transaction (or its savepoint) and are counted; any other
     * exception is thrown.
     */
    void transaction(Session session, Random r) throws SQLException {
        figures.transactions.increment();
        Connection c = session.connection();
        if (r.nextInt(100) < AUTOCOMMIT_PERCENT) {
            try {
                statement(c, r);
                figures.autocommitted.increment();
            } catch (SQLException e) {
                failed(e);
                figures.rolledBackOnError.increment();
            }
            return;
        }
        boolean repeatableRead = r.nextInt(100) < REPEATABLE_READ_PERCENT;
        c.setAutoCommit(false);
        if (repeatableRead) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        try {
            int steps = 1 + r.nextInt(4);
            for (int i = 0; i < steps; i++) {
                if (r.nextInt(100) < SAVEPOINT_PERCENT) {
                    savepointBlock(c, r);
                } else {
                    statement(c, r);
                }
            }
            int end = r.nextInt(100);
            if (end < ROLLBACK_PERCENT) {
                c.rollback();
                figures.rolledBack.increment();
            } else if (end < ROLLBACK_PERCENT + CLOSE_PERCENT) {
                session.reopen();
                figures.rolledBack.increment();
                figures.closedUncommitted.increment();
                return;
            } else {
                c.commit();
                figures.committed.increment();
            }
        } catch (SQLException e) {
            failed(e);
            figures.rolledBackOnError.increment();
            c.rollback();
        } finally {
            Connection now = session.connection();
            if (!now.isClosed()) {
                now.setAutoCommit(true);
                if (repeatableRead) {
                    now.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
            }
        }
    }

    private void savepointBlock(Connection c, Random r) throws SQLException {
        Savepoint sp = r.nextBoolean() ? c.setSavepoint() : c.setSavepoint("sp" + r.nextInt(1000));
        try {
            int steps = 1 + r.nextInt(3);
            for (int i = 0; i < steps; i++) {
                statement(c, r);
            }
        } catch (SQLException e) {
            // A partial rollback after an error, as applications do; the transaction goes on.
            failed(e);
            c.rollback(sp);
            figures.savepointRollbacks.increment();
            return;
        }
        if (r.nextBoolean()) {
            c.rollback(sp);
            figures.savepointRollbacks.increment();
        } else {
            c.releaseSavepoint(sp);
            figures.savepointReleases.increment();
        }
    }

    private void failed(SQLException e) throws SQLException {
        figures.error(e);
        if (!expected.test(e)) {
            throw e;
        }
    }

    /** One statement (or batch) drawn from the weighted menu. */
    void statement(Connection c, Random r) throws SQLException {
        figures.statements.increment();
        int pick = r.nextInt(100);
        if (pick < 5) {
            accountInsert(c, r);
        } else if (pick < 8) {
            accountMultiInsert(c, r);
        } else if (pick < 10) {
            accountInsertSelect(c, r);
        } else if (pick < 16) {
            accountUpsert(c, r);
        } else if (pick < 26) {
            accountUpdateByKey(c, r);
        } else if (pick < 29) {
            accountUpdateRange(c, r);
        } else if (pick < 31) {
            update(c, r, "UPDATE accounts SET balance = balance - 1 WHERE id % 17 = ?", r.nextInt(17));
        } else if (pick < 33) {
            accountUpdateJoin(c, r);
        } else if (pick < 36) {
            accountMove(c, r);
        } else if (pick < 39) {
            update(c, r, "DELETE FROM accounts WHERE id = ?", account(r));
        } else if (pick < 40) {
            int from = account(r);
            update(c, r, "DELETE FROM accounts WHERE id BETWEEN ? AND ?", from, from + r.nextInt(3));
        } else if (pick < 42) {
            accountReturning(c, r);
        } else if (pick < 46) {
            lineInsert(c, r);
        } else if (pick < 48) {
            int order = order(r);
            update(c, r, "INSERT INTO order_lines (order_id, line_no, sku, price) SELECT ?, g, 'sku-' || g, g * 1.25 "
                    + "FROM generate_series(1, ?) g WHERE NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = ?)",
                    order, 1 + r.nextInt(LINES), order);
        } else if (pick < 53) {
            update(c, r, "UPDATE order_lines SET qty = qty + ?, note = ? WHERE order_id = ? AND line_no = ?",
                    r.nextInt(5) - 2, note(r), order(r), line(r));
        } else if (pick < 56) {
            lineShift(c, r);
        } else if (pick < 58) {
            int a = line(r);
            int b = line(r);
            update(c, r, "UPDATE order_lines SET line_no = CASE line_no WHEN ? THEN ? ELSE ? END "
                    + "WHERE order_id = ? AND line_no IN (?, ?)", a, b, a, order(r), a, b);
        } else if (pick < 59) {
            update(c, r, "UPDATE order_lines SET order_id = ? WHERE order_id = ?", order(r), order(r));
        } else if (pick < 62) {
            update(c, r, "DELETE FROM order_lines WHERE order_id = ? AND line_no >= ?", order(r), line(r));
        } else if (pick < 67) {
            tagUpsert(c, r);
        } else if (pick < 69) {
            update(c, r, "UPDATE tags SET name = ? WHERE name = ?", tag(r), tag(r));
        } else if (pick < 71) {
            tagHits(c, r);
        } else if (pick < 73) {
            if (r.nextInt(40) == 0 && truncates) {
                // Every tag at once, in the transaction's lock order like any write: the entries go with the rows.
                plain(c, "TRUNCATE tags");
            } else {
                update(c, r, "DELETE FROM tags WHERE name = ?", tag(r));
            }
        } else if (pick < 77) {
            sessionInsert(c, r);
        } else if (pick < 79) {
            int from = account(r);
            update(c, r, "UPDATE sessions SET score = score * 2 + ?, data = ? WHERE account_id BETWEEN ? AND ?",
                    r.nextInt(10), bytes(r), from, from + 5);
        } else if (pick < 81) {
            update(c, r, "DELETE FROM sessions WHERE account_id = ?", account(r));
        } else if (pick < 85) {
            audit(c, r);
        } else if (pick < 87) {
            select(c, r);
        } else if (pick < 95) {
            preparedBatch(c, r);
        } else {
            plainBatch(c, r);
        }
    }

    // ---- accounts ------------------------------------------------------------------------------------------

    private void accountInsert(Connection c, Random r) throws SQLException {
        if (r.nextBoolean()) {
            update(c, r, "INSERT INTO accounts (id, balance, owner) VALUES (?, ?, ?)", account(r), r.nextInt(1000), owner(r));
        } else {
            update(c, r, "INSERT INTO accounts (id) VALUES (?)", account(r));
        }
    }

    private void accountMultiInsert(Connection c, Random r) throws SQLException {
        update(c, r, "INSERT INTO accounts (id, balance) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT DO NOTHING",
                account(r), r.nextInt(100), account(r), r.nextInt(100), account(r), r.nextInt(100));
    }

    private void accountInsertSelect(Connection c, Random r) throws SQLException {
        int from = account(r);
        update(c, r, "INSERT INTO accounts (id, balance) SELECT g, g FROM generate_series(?, ?) g ON CONFLICT (id) DO NOTHING",
                from, from + r.nextInt(4));
    }

    private void accountUpsert(Connection c, Random r) throws SQLException {
        if (r.nextBoolean()) {
            update(c, r, "INSERT INTO accounts (id, balance) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
                    + "SET balance = accounts.balance + EXCLUDED.balance, owner = NULL", account(r), r.nextInt(50));
        } else {
            update(c, r, "INSERT INTO accounts AS a (id, balance, owner) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE "
                    + "SET owner = EXCLUDED.owner WHERE a.balance % 2 = 0", account(r), r.nextInt(50), owner(r));
        }
    }

    private void accountUpdateByKey(Connection c, Random r) throws SQLException {
        if (r.nextBoolean()) {
            update(c, r, "UPDATE accounts SET balance = balance + ? WHERE id = ?", r.nextInt(21) - 10, account(r));
        } else {
            update(c, r, "UPDATE accounts SET owner = ? WHERE id = ?", owner(r), account(r));
        }
    }

    private void accountUpdateRange(Connection c, Random r) throws SQLException {
        int from = account(r);
        update(c, r, "UPDATE accounts SET balance = balance * 2 % 1000, owner = upper(owner) WHERE id BETWEEN ? AND ?",
                from, from + r.nextInt(6));
    }

    private void accountUpdateJoin(Connection c, Random r) throws SQLException {
        int from = order(r);
        update(c, r, "UPDATE accounts a SET balance = a.balance + o.qty FROM order_lines o "
                + "WHERE o.order_id = a.id AND o.line_no = 1 AND o.order_id BETWEEN ? AND ?", from, from + 3);
    }

    private void accountMove(Connection c, Random r) throws SQLException {
        int from = account(r);
        int to = from + r.nextInt(3);
        if (r.nextBoolean()) {
            update(c, r, "UPDATE accounts SET id = id + " + MOVED + " WHERE id BETWEEN ? AND ?", from, to);
        } else {
            update(c, r, "UPDATE accounts SET id = id - " + MOVED + ", balance = balance + 1 WHERE id BETWEEN ? AND ?",
                    from + MOVED, to + MOVED);
        }
    }

    private void accountReturning(Connection c, Random r) throws SQLException {
        int id = account(r);
        String sql = "UPDATE accounts SET balance = balance + 1 WHERE id BETWEEN ? AND ? RETURNING id, balance";
        if (r.nextBoolean()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, id);
                ps.setInt(2, id + 2);
                drain(ps.executeQuery());
            }
        } else {
            try (Statement st = c.createStatement()) {
                drain(st.executeQuery(sql.replaceFirst("\\?", Integer.toString(id)).replaceFirst("\\?", Integer.toString(id + 2))));
            }
        }
    }

    // ---- order lines ---------------------------------------------------------------------------------------

    private void lineInsert(Connection c, Random r) throws SQLException {
        update(c, r, "INSERT INTO order_lines (order_id, line_no, sku, qty, price, note) VALUES (?, ?, ?, ?, ?, ?)",
                order(r), line(r), "sku-" + r.nextInt(9), 1 + r.nextInt(5), price(r), note(r));
    }

    private void lineShift(Connection c, Random r) throws SQLException {
        // The DEFERRABLE key lets rows pass through each other's keys within the statement.
        if (r.nextBoolean()) {
            update(c, r, "UPDATE order_lines SET line_no = line_no + 1 WHERE order_id = ?", order(r));
        } else {
            update(c, r, "UPDATE order_lines SET line_no = line_no - 1 WHERE order_id = ? AND line_no > 1", order(r));
        }
    }

    // ---- tags ----------------------------------------------------------------------------------------------

    private void tagUpsert(Connection c, Random r) throws SQLException {
        String name = tag(r);
        if (r.nextBoolean()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (name, hits, flags, meta) VALUES (?, 1, ?, ?::jsonb) "
                    + "ON CONFLICT (name) DO UPDATE SET hits = tags.hits + 1, flags = EXCLUDED.flags, meta = EXCLUDED.meta")) {
                ps.setString(1, name);
                Array flags = c.createArrayOf("boolean", new Boolean[] {r.nextBoolean(), null, r.nextBoolean()});
                ps.setArray(2, flags);
                ps.setString(3, r.nextInt(4) == 0 ? null : "{\"n\": " + r.nextInt(100) + ", \"s\": \"x" + r.nextInt(9)
                        + "\", \"d\": 1.50, \"a\": [1, \"two\", null]}");
                ps.executeUpdate();
            }
        } else {
            plain(c, "INSERT INTO tags (name, seen) VALUES (" + literal(name) + ", DATE '2026-03-" + (10 + r.nextInt(19))
                    + "') ON CONFLICT (name) DO UPDATE SET hits = tags.hits + 1, seen = EXCLUDED.seen");
        }
    }

    private void tagHits(Connection c, Random r) throws SQLException {
        String a = tag(r);
        String b = tag(r);
        if (r.nextBoolean()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE tags SET hits = hits + 1 WHERE name = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("text", new String[] {a, b}));
                ps.executeUpdate();
            }
        } else {
            plain(c, "UPDATE tags SET hits = hits + 10 WHERE name IN (" + literal(a) + ", " + literal(b) + ")");
        }
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    private void sessionInsert(Connection c, Random r) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (account_id, data, score, secret) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, account(r));
            ps.setBytes(2, bytes(r));
            ps.setDouble(3, r.nextInt(10_000) / 7.0);
            ps.setString(4, "s" + r.nextInt(1000));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new AssertionError("an INSERT with RETURN_GENERATED_KEYS returned no generated key");
                }
                id = keys.getLong("id");
            }
        }
        if (r.nextBoolean()) {
            update(c, r, "UPDATE sessions SET score = NULL, data = NULL WHERE id = ?", id);
        }
    }

    // ---- unmapped, reads, batches --------------------------------------------------------------------------

    private void audit(Connection c, Random r) throws SQLException {
        switch (r.nextInt(3)) {
            case 0 -> update(c, r, "INSERT INTO audit (what) VALUES (?)", "w" + r.nextInt(1000));
            case 1 -> update(c, r, "UPDATE audit SET what = what || '.' WHERE id % 50 = ?", r.nextInt(50));
            default -> update(c, r, "DELETE FROM audit WHERE id % 97 = ?", r.nextInt(97));
        }
    }

    private void select(Connection c, Random r) throws SQLException {
        String lock = r.nextBoolean() ? " FOR UPDATE" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM accounts WHERE id BETWEEN ? AND ?" + lock)) {
            int from = account(r);
            ps.setInt(1, from);
            ps.setInt(2, from + 3);
            drain(ps.executeQuery());
        }
    }

    private void preparedBatch(Connection c, Random r) throws SQLException {
        figures.batches.increment();
        int entries = 2 + r.nextInt(5);
        switch (r.nextInt(4)) {
            case 0 -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, balance) VALUES (?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + 1")) {
                    for (int i = 0; i < entries; i++) {
                        ps.setInt(1, account(r));
                        ps.setInt(2, r.nextInt(100));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case 1 -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE order_lines SET note = ?, price = ? "
                        + "WHERE order_id = ? AND line_no = ?")) {
                    for (int i = 0; i < entries; i++) {
                        ps.setString(1, note(r));
                        ps.setBigDecimal(2, price(r));
                        ps.setInt(3, order(r));
                        ps.setInt(4, line(r));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case 2 -> {
                // Key-changing entries, often chained: an entry moves the row the one before it moved.
                try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET id = ?, balance = balance + 1 "
                        + "WHERE id = ?")) {
                    int at = account(r) + (r.nextBoolean() ? MOVED : 0);
                    for (int i = 0; i < entries; i++) {
                        int to = r.nextInt(3) == 0 ? account(r) : at > MOVED ? at - MOVED : at + MOVED;
                        ps.setInt(1, to);
                        ps.setInt(2, at);
                        ps.addBatch();
                        at = r.nextInt(4) == 0 ? account(r) : to;
                    }
                    ps.executeBatch();
                }
            }
            default -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM tags WHERE name = ?")) {
                    for (int i = 0; i < entries; i++) {
                        ps.setString(1, tag(r));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
    }

    private void plainBatch(Connection c, Random r) throws SQLException {
        figures.batches.increment();
        try (Statement st = c.createStatement()) {
            int entries = 2 + r.nextInt(4);
            for (int i = 0; i < entries; i++) {
                switch (r.nextInt(4)) {
                    case 0 -> st.addBatch("UPDATE accounts SET balance = balance + 3 WHERE id = " + account(r));
                    case 1 -> st.addBatch("INSERT INTO audit (what) VALUES ('batch')");
                    case 2 -> st.addBatch("UPDATE tags SET hits = 0 WHERE name = " + literal(tag(r)));
                    default -> st.addBatch("DELETE FROM order_lines WHERE order_id = " + order(r) + " AND line_no = " + line(r));
                }
            }
            st.executeBatch();
        }
    }

    // ---- running -------------------------------------------------------------------------------------------

    /** Runs a write as a prepared statement with the values bound, or as a plain statement with them inlined. */
    private static void update(Connection c, Random r, String sql, Object... values) throws SQLException {
        if (r.nextBoolean()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    bind(ps, i + 1, values[i]);
                }
                if (r.nextBoolean()) {
                    ps.executeUpdate();
                } else {
                    ps.execute();
                }
            }
        } else {
            plain(c, inline(sql, values));
        }
    }

    private static void plain(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else if (value instanceof Integer i) {
            ps.setInt(index, i);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof byte[] b) {
            ps.setBytes(index, b);
        } else {
            ps.setString(index, value.toString());
        }
    }

    private static String inline(String sql, Object... values) {
        StringBuilder out = new StringBuilder(sql.length() + 16 * values.length);
        int v = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '?') {
                out.append(literal(values[v++]));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof byte[] b) {
            return "'\\x" + java.util.HexFormat.of().formatHex(b) + "'::bytea";
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    // ---- values --------------------------------------------------------------------------------------------

    private static int account(Random r) {
        return 1 + r.nextInt(ACCOUNTS);
    }

    private static int order(Random r) {
        return 1 + r.nextInt(ORDERS);
    }

    private static int line(Random r) {
        return 1 + r.nextInt(LINES);
    }

    private static String tag(Random r) {
        return TAG_NAMES.get(r.nextInt(TAG_NAMES.size()));
    }

    private static String owner(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> null;
            case 1 -> "Zoë " + r.nextInt(100);
            case 2 -> "multi\nline " + r.nextInt(10);
            default -> "o" + r.nextInt(1000);
        };
    }

    private static String note(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "note {" + r.nextInt(10) + "} 100% \"quoted\"";
            default -> "n" + r.nextInt(100);
        };
    }

    private static BigDecimal price(Random r) {
        return BigDecimal.valueOf(r.nextInt(100_000), 2);
    }

    private static byte[] bytes(Random r) {
        byte[] b = new byte[r.nextInt(12)];
        r.nextBytes(b);
        return b;
    }

    /** Key values that a careless key renderer would confuse: delimiters, braces, %, escapes, control characters. */
    private static List<String> tagNames() {
        List<String> names = new ArrayList<>(List.of("a", "b", "a:b", "a%3Ab", "%", "%%", "50%", "{x}", "{", "}", "}{",
                "a/b", "acc:1", "tag:a", "line\nbreak", "tab\tx", "cr\rx", "ü", "日本語", "emoji\uD83D\uDE00", " ", "",
                "o'brien", "back\\slash", "a b", "a, b", "*", "?", "[x]", "\u007F", "\u0001ctl", "a:", ":a", "::"));
        for (int i = 0; names.size() < 48; i++) {
            names.add("t" + i);
        }
        return List.copyOf(names);
    }
}
