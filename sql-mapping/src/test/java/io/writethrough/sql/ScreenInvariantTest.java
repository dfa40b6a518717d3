package io.writethrough.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexer-only screen must never clear a statement the full analysis says writes (or may write) a mapped table. */
class ScreenInvariantTest {

    private final SqlAnalyzer analyzer = CorpusTables.analyzer();

    @Test
    void everyPlanOrUnsupportedCaseOfTheCorpusNeedsAnalysis() {
        List<CorpusCase> cases = CorpusCase.all();
        int checked = 0;
        for (CorpusCase c : cases) {
            Analysis full = analyzer.analyzeFully(c.sql());
            if (!c.expectsNotMapped()) {
                assertThat(full).as(c.toString()).isNotSameAs(NotMapped.INSTANCE);
            }
            // Transaction control writes no row; the screen is about writes only.
            if (!(full instanceof NotMapped || full instanceof TransactionControl)) {
                assertThat(analyzer.mayWriteMappedTable(c.sql())).as(c.toString()).isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(90);
    }

    @Test
    void screeningNeverChangesTheResult() {
        for (CorpusCase c : CorpusCase.all()) {
            Analysis screened = analyzer.analyze(c.sql());
            Analysis full = analyzer.analyzeFully(c.sql());
            assertThat(screened.getClass()).as(c.toString()).isEqualTo(full.getClass());
        }
    }

    @Test
    void queriesAndSessionCommandsAreClearedWithoutParsing() {
        Set<String> fastPath = Set.of("select-simple", "select-for-update", "select-for-no-key-update-skip-locked",
                "select-hibernate", "select-into", "table-statement", "parenthesized-select",
                "create-table", "create-table-fk-on-update", "create-index", "create-trigger", "alter-table",
                "drop-table", "grant", "comment-on", "set-search-path", "show", "begin", "start-transaction",
                "commit", "rollback", "savepoint", "rollback-to-savepoint", "release-savepoint", "call-procedure",
                "lock-table", "vacuum-analyze", "prepare-select", "create-policy-for-update",
                "string-literal-names-table", "comment-names-table", "insert-unmapped-table", "empty");
        int seen = 0;
        for (CorpusCase c : CorpusCase.all()) {
            if (fastPath.contains(c.name())) {
                assertThat(analyzer.mayWriteMappedTable(c.sql())).as(c.toString()).isFalse();
                seen++;
            }
        }
        assertThat(seen).isEqualTo(fastPath.size());
    }

    @Test
    void screenedStatementsNeverReachTheParser() {
        SqlAnalyzer fresh = CorpusTables.analyzer();
        fresh.analyze("SELECT * FROM users WHERE id = ? FOR UPDATE");
        fresh.analyze("BEGIN");
        fresh.analyze("UPDATE products SET price = 1");
        fresh.analyze("UPDATE audit_log SET x = (SELECT max(id) FROM users)");
        assertThat(fresh.parses()).isZero();
        fresh.analyze("UPDATE users SET name = ? WHERE id = ?");
        assertThat(fresh.parses()).isEqualTo(1);
    }
}
