package io.writethrough.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Input built to make a parser slow or overflow its stack is bounded before the parser sees it. */
class HostileInputTest {

    private final SqlAnalyzer analyzer = CorpusTables.analyzer();

    private Analysis timed(String label, String sql) {
        long start = System.nanoTime();
        Analysis analysis = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> analyzer.analyze(sql));
        System.out.printf("%s: %d ms for %d chars -> %s%n", label, (System.nanoTime() - start) / 1_000_000,
                sql.length(), analysis instanceof Unsupported u ? u.construct() : analysis);
        return analysis;
    }

    @Test
    void deepNestingIsRefusedQuickly() {
        Analysis analysis = timed("5000-deep parentheses",
                "DELETE FROM users WHERE " + "(".repeat(5000) + "id = 1" + ")".repeat(5000));
        assertThat(analysis).isInstanceOfSatisfying(Unsupported.class,
                u -> assertThat(u.message()).contains("too large or too deeply nested"));
        assertThat(timed("5000-deep CASE", "UPDATE users SET a = " + "CASE WHEN x THEN ".repeat(5000) + "1"
                + " END".repeat(5000))).isInstanceOf(Unsupported.class);
        assertThat(timed("5000-part dotted name", "UPDATE users SET a = " + "b.".repeat(5000) + "c"))
                .isInstanceOf(Unsupported.class);
        assertThat(timed("5000-deep select of a mapped table",
                "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000) + " FROM users")).isSameAs(NotMapped.INSTANCE);
    }

    @Test
    void parserStackOverflowBecomesUnsupported() {
        Analysis analysis = timed("20000 chained ->", "UPDATE users SET a = b" + "->''".repeat(20000));
        assertThat(analysis).isInstanceOf(Unsupported.class);
    }

    @Test
    void hundredThousandElementInListStillGetsAPlan() {
        StringBuilder sql = new StringBuilder("DELETE FROM users WHERE id IN (");
        for (int i = 0; i < 100_000; i++) {
            sql.append(i == 0 ? "" : ", ").append(i);
        }
        String text = sql.append(")").toString();
        timed("100k IN list (warm-up)", text);
        long start = System.nanoTime();
        Analysis analysis = timed("100k IN list", text);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(analysis).isInstanceOfSatisfying(WritePlan.class, plan -> assertThat(plan.sql())
                .startsWith(text).endsWith(" RETURNING users.tableoid AS \"__wt_table\", txid_current() AS \"__wt_xid\", users.\"id\""));
    }

    @Test
    void tenMegabyteLiteralTakesBoundedTime() {
        String literal = "x".repeat(10 * 1024 * 1024);
        assertThat(timed("10 MB literal insert", "INSERT INTO users (bio) VALUES ('" + literal + "')"))
                .isInstanceOf(WritePlan.class);
        assertThat(timed("10 MB literal select", "SELECT '" + literal + "' FROM users")).isSameAs(NotMapped.INSTANCE);
        assertThat(timed("10 MB unclosed literal", "UPDATE users SET bio = '" + literal))
                .isInstanceOfSatisfying(Unsupported.class, u -> assertThat(u.parseFailure()).isTrue());
    }

    @Test
    void largeFlatStatementsAreBoundedByParserInputSize() {
        StringBuilder or = new StringBuilder("DELETE FROM users WHERE ");
        while (or.length() < SqlAnalyzer.MAX_PARSER_INPUT_CHARS + 1000) {
            or.append("id = 1 OR ");
        }
        assertThat(timed("over-limit OR chain", or.append("false").toString()))
                .isInstanceOfSatisfying(Unsupported.class, u -> assertThat(u.construct()).isEqualTo("oversized statement"));
    }
}
