package io.writethrough.examples;

import io.writethrough.mapping.TableMapping;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tells the demo's story: numbered steps, the SQL as it runs, then the keys that changed with the database's row
 * next to Redis's entry. After every view it compares Redis with the database (the tests' oracle,
 * {@link CacheAssertions}) and counts each disagreement.
 */
final class Narrator {

    private static final String INDENT = "     ";

    private final Connection connection;
    private final UnifiedJedis redis;
    private final List<TableMapping> mappings;
    private final PrintWriter out;
    private CacheView shown = CacheView.empty();
    private int step;
    private int checks;
    private int mismatches;

    Narrator(Connection connection, UnifiedJedis redis, List<TableMapping> mappings, PrintWriter out) {
        this.connection = connection;
        this.redis = redis;
        this.mappings = mappings;
        this.out = out;
    }

    void step(String title) {
        out.printf("%n%-3d%s%n", ++step, title);
    }

    /**
     * Prints one SQL statement, runs it through the demo's connection and prints the update count. A line break in
     * {@code sql} only breaks the printed line; the statement runs as one line.
     */
    void sql(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int count = statement.executeUpdate(sql.replace("\n", " "));
            String[] lines = sql.split("\n");
            for (int i = 0; i < lines.length - 1; i++) {
                line(i == 0 ? lines[i] : "  " + lines[i]);
            }
            line((lines.length > 1 ? "  " : "") + lines[lines.length - 1] + "   -- " + rows(count));
        }
    }

    /** Prints a JDBC call (or anything else) the way the step makes it; an empty text prints an empty line. */
    void line(String text) {
        out.println(text.isEmpty() ? "" : INDENT + text);
    }

    /** Shows every key that changed since the last view, then checks Redis against the database. */
    void show(String caption) throws SQLException {
        out.println();
        if (caption != null) {
            line(caption);
        }
        CacheView now = CacheView.read(connection, redis, mappings);
        List<CacheView.Entry> changed = now.changedSince(shown);
        int width = changed.stream().mapToInt(e -> e.key().length()).max().orElse(0) + 3;
        for (CacheView.Entry entry : changed) {
            line(String.format("%-" + width + "s%-10s%s", entry.key(), "database",
                    entry.database() == null ? "(no row)" : entry.database()));
            line(String.format("%-" + width + "s%-10s%s", "", "redis", entry.redis() == null ? "(no key)" : entry.redis()));
        }
        shown = now;
        check();
    }

    void show() throws SQLException {
        show(null);
    }

    /** Tells the outcome; true when Redis agreed with the database at every check. */
    boolean finish() {
        out.println();
        if (mismatches == 0) {
            out.printf("Redis matched the database after each of the %d steps (%d checks).%n", step, checks);
        } else {
            out.printf("Redis and the database disagreed at %d of %d checks.%n", mismatches, checks);
        }
        return mismatches == 0;
    }

    private void check() {
        checks++;
        List<CacheDifference> differences = CacheAssertions.differences(connection, redis, mappings);
        if (differences.isEmpty()) {
            line("ok: Redis matches the database");
            return;
        }
        mismatches++;
        line("MISMATCH: Redis and the database disagree");
        for (String difference : CacheAssertions.report(differences).split("\n")) {
            line("  " + difference);
        }
    }

    private static String rows(int count) {
        return count == 1 ? "1 row" : count + " rows";
    }
}
