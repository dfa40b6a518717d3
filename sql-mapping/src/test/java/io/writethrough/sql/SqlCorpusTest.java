package io.writethrough.sql;

import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SqlCorpusTest {

    private static final SqlAnalyzer ANALYZER = CorpusTables.analyzer();

    static Stream<CorpusCase> cases() {
        return CorpusCase.all().stream();
    }

    @Test
    void corpusHasEnoughUniquelyNamedCasesOfEveryKind() {
        List<CorpusCase> all = CorpusCase.all();
        Set<String> names = new HashSet<>();
        for (CorpusCase c : all) {
            assertThat(names.add(c.name())).as("duplicate case name %s", c).isTrue();
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(120);
        assertThat(all.stream().filter(CorpusCase::expectsPlan)).hasSizeGreaterThanOrEqualTo(60);
        assertThat(all.stream().filter(CorpusCase::expectsUnsupported)).hasSizeGreaterThanOrEqualTo(25);
        assertThat(all.stream().filter(CorpusCase::expectsNotMapped)).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analysesAsExpected(CorpusCase c) throws Exception {
        Analysis analysis = ANALYZER.analyze(c.sql());
        if (c.expectsNotMapped()) {
            assertThat(analysis).as(c + " " + describe(analysis)).isSameAs(NotMapped.INSTANCE);
        } else if (c.expectsControl()) {
            String[] parts = c.expect().split(" ");
            assertThat(analysis).as(c + " " + describe(analysis)).isEqualTo(new TransactionControl(
                    TransactionControl.Kind.valueOf(parts[1]), parts.length > 2 ? parts[2] : null));
        } else if (c.expectsUnsupported()) {
            assertThat(analysis).as(c + " " + describe(analysis)).isInstanceOf(Unsupported.class);
            Unsupported unsupported = (Unsupported) analysis;
            assertThat(unsupported.message()).as(c.toString())
                    .contains(c.expect().substring("UNSUPPORTED ".length()))
                    .contains(Unsupported.POLICY_OPTION + "=ignore");
        } else {
            assertThat(analysis).as(c + " " + describe(analysis)).isInstanceOf(WritePlan.class);
            checkPlan(c, (WritePlan) analysis);
        }
    }

    private static void checkPlan(CorpusCase c, WritePlan plan) throws Exception {
        Map<String, String> fields = c.planFields();
        assertThat(plan.operation().name()).as(c + " operation").isEqualTo(fields.get("op"));
        assertThat(plan.target().toString()).as(c + " target").isEqualTo(fields.get("target"));
        assertThat(plan.mappings()).as(c + " mappings").isNotEmpty();
        if (fields.containsKey("keyChange")) {
            assertThat(plan.keyChange()).as(c + " keyChange").isEqualTo(Boolean.parseBoolean(fields.get("keyChange")));
        }
        if (fields.containsKey("appReturning")) {
            assertThat(plan.applicationReturning()).as(c + " appReturning")
                    .isEqualTo(Boolean.parseBoolean(fields.get("appReturning")));
        }
        if (fields.containsKey("tableCheck")) {
            assertThat(plan.needsTableCheck()).as(c + " tableCheck")
                    .isEqualTo(Boolean.parseBoolean(fields.get("tableCheck")));
        }
        if (fields.containsKey("oldKeys")) {
            assertThat(plan.oldKeyColumns()).as(c + " oldKeys").isEqualTo(Integer.parseInt(fields.get("oldKeys")));
        }
        if (fields.containsKey("mappings")) {
            assertThat(plan.mappings().stream().map(m -> m.table().toString()).collect(Collectors.joining(",")))
                    .as(c + " mappings").isEqualTo(fields.get("mappings"));
        }
        if (c.sqlOut() != null) {
            assertThat(plan.sql()).as(c + " sql()").isEqualTo(c.sqlOut());
        }
        if (c.sqlKeys() != null) {
            assertThat(plan.sqlWithGeneratedKeys(null)).as(c + " sqlWithGeneratedKeys(null)").isEqualTo(c.sqlKeys());
        }
        if (c.sqlColsNames() != null) {
            assertThat(plan.sqlWithGeneratedKeys(c.sqlColsNames())).as(c + " sqlWithGeneratedKeys(names)")
                    .isEqualTo(c.sqlColsOut());
        }
        assertThat(plan.oldKeyColumns()).isEqualTo(plan.keyChange() ? plan.oldKeyColumnNames().size() : 0);
        assertRewriteIsSound(c, plan, plan.sql());
        assertRewriteIsSound(c, plan, plan.sqlWithGeneratedKeys(null));
        assertRewriteIsSound(c, plan, plan.sqlWithGeneratedKeys(new String[] {"id", "Odd \"name\""}));
    }

    /** The rewrite parses again, keeps the application's text and carries the marker once. */
    private static void assertRewriteIsSound(CorpusCase c, WritePlan plan, String sql) throws Exception {
        Statement statement = Reparse.statement(sql);
        Class<?> expected = switch (plan.operation()) {
            case INSERT, UPSERT -> Insert.class;
            case UPDATE -> Update.class;
            case DELETE -> Delete.class;
        };
        assertThat(statement).as(c + " reparsed: " + sql).isInstanceOf(expected);
        String marker = ".tableoid AS \"" + WritePlan.TABLE_MARKER + "\"";
        assertThat(sql.indexOf(marker)).as(c + " marker in " + sql).isPositive()
                .isEqualTo(sql.lastIndexOf(marker));
        if (!plan.keyChange()) {
            assertThat(sql).as(c + " keeps the application's statement text").contains(statementText(c.sql()));
        }
        Analysis again = ANALYZER.analyze(sql);
        if (!plan.keyChange()) {
            assertThat(again).as(c + " re-analysis of " + sql).isInstanceOf(WritePlan.class);
            assertThat(((WritePlan) again).applicationReturning()).isTrue();
        }
    }

    /** The statement from its first to its last token, without surrounding comments and semicolons. */
    private static String statementText(String sql) {
        Tokens tokens = Tokens.of(sql, SqlAnalyzer.MAX_TOKENS);
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.isSignificant(i) && tokens.kind(i) != TokenKind.SEMICOLON) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return sql.substring(tokens.start(first), tokens.end(last));
    }

    private static String describe(Analysis analysis) {
        if (analysis instanceof Unsupported unsupported) {
            return "got Unsupported: " + unsupported.message();
        }
        if (analysis instanceof WritePlan plan) {
            return "got " + plan + " sql=" + plan.sql();
        }
        return "got " + analysis;
    }
}
