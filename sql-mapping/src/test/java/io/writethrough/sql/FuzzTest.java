package io.writethrough.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Garbled and random input: every result is an analysis (never an exception, never a hang), and the lexer screen
 * never clears a text the full analysis says writes a mapped table.
 */
class FuzzTest {

    private static final long SEED = 20261126L;
    private static final String[] VOCABULARY = {
        "INSERT", "INTO", "UPDATE", "DELETE", "FROM", "SET", "WHERE", "RETURNING", "WITH", "AS", "SELECT", "VALUES",
        "ON", "CONFLICT", "DO", "NOTHING", "TRUNCATE", "MERGE", "USING", "COPY", "EXPLAIN", "ANALYZE", "ONLY",
        "CURRENT", "OF", "BEGIN", "ATOMIC", "END", "CREATE", "FUNCTION", "CASE", "WHEN", "THEN", "FOR", "PREPARE",
        "users", "orders", "order_lines", "\"AccMixed\"", "sales.invoices", "invoices", "customers", "audit_log",
        "U&\"\\0075sers\"", "id", "name", "*", "(", ")", "[", "]", ",", ";", ".", "::", "=", "?", "??", "$1",
        "'str'", "E'\\''", "$$d$$", "$t$x$t$", "-- c\n", "/* c */", "/*", "'", "\"", "$$", "1", "NULL", "{", "}",
    };
    private static final String NOISE = "'\"$();,-/*?:.[]{}\\ \n\tUuEe&abcxyz0123456789";

    private final SqlAnalyzer analyzer = CorpusTables.analyzer();
    private final List<String> corpus = CorpusCase.all().stream().map(CorpusCase::sql).toList();

    @Test
    void garbledCorpusStatements() {
        Random random = new Random(SEED);
        runBatches(random, 8, 400, r -> mutate(corpus.get(r.nextInt(corpus.size())), r));
    }

    @Test
    void randomTokenSoup() {
        Random random = new Random(SEED + 1);
        runBatches(random, 6, 400, r -> {
            StringBuilder soup = new StringBuilder();
            int length = 1 + r.nextInt(40);
            for (int i = 0; i < length; i++) {
                soup.append(VOCABULARY[r.nextInt(VOCABULARY.length)]).append(r.nextInt(4) == 0 ? "" : " ");
            }
            return soup.toString();
        });
    }

    @Test
    void unbalancedQuotesAndParentheses() {
        Random random = new Random(SEED + 2);
        runBatches(random, 4, 300, r -> {
            String sql = corpus.get(r.nextInt(corpus.size()));
            String opener = String.valueOf("'\"($[/".charAt(r.nextInt(6)));
            int at = r.nextInt(sql.length() + 1);
            String broken = sql.substring(0, at) + (opener.equals("/") ? "/*" : opener) + sql.substring(at);
            return r.nextBoolean() ? broken : broken.replaceFirst("\\)", "");
        });
    }

    @Test
    void hugeInputs() {
        Random random = new Random(SEED + 3);
        runBatches(random, 3, 2, r -> {
            StringBuilder huge = new StringBuilder(2_000_000);
            while (huge.length() < 1_000_000 + r.nextInt(1_000_000)) {
                if (r.nextBoolean()) {
                    huge.append(corpus.get(r.nextInt(corpus.size()))).append(r.nextBoolean() ? ";\n" : " ");
                } else {
                    huge.append(VOCABULARY[r.nextInt(VOCABULARY.length)]).append(' ');
                }
            }
            return huge.toString();
        });
    }

    private void runBatches(Random random, int batches, int perBatch, Function<Random, String> generator) {
        for (int batch = 0; batch < batches; batch++) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < perBatch; i++) {
                    check(generator.apply(random));
                }
            });
        }
    }

    private void check(String sql) throws Exception {
        Analysis analysis;
        Analysis full;
        try {
            analysis = analyzer.analyze(sql);
            full = analyzer.analyzeFully(sql);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("analysis threw for: " + abbreviate(sql), e);
        }
        assertThat(analysis).as(abbreviate(sql)).isNotNull();
        if (!(full instanceof NotMapped || full instanceof TransactionControl)) {
            assertThat(analyzer.mayWriteMappedTable(sql)).as("screen cleared: " + abbreviate(sql)).isTrue();
        }
        if (analysis instanceof NotMapped || analysis instanceof TransactionControl) {
            return;
        }
        if (analysis instanceof Unsupported unsupported) {
            assertThat(unsupported.message()).contains(Unsupported.POLICY_OPTION);
            return;
        }
        WritePlan plan = (WritePlan) analysis;
        assertThat(plan.sql()).as(abbreviate(sql)).contains(".tableoid AS \"" + WritePlan.TABLE_MARKER + "\"");
        assertThat(Reparse.statement(plan.sql())).as("rewrite of " + abbreviate(sql)).isNotNull();
        assertThat(Reparse.statement(plan.sqlWithGeneratedKeys(null))).isNotNull();
    }

    private static String mutate(String sql, Random random) {
        StringBuilder out = new StringBuilder(sql);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                case 1 -> out.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> {
                    int end = Math.min(out.length(), at + 1 + random.nextInt(20));
                    out.insert(end, out.substring(at, end));
                }
                case 3 -> out.insert(at, " " + VOCABULARY[random.nextInt(VOCABULARY.length)] + " ");
                case 4 -> out.setLength(at);
                default -> {
                    if (at < out.length()) {
                        char c = out.charAt(at);
                        out.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                }
            }
        }
        return out.toString();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 300 ? sql : sql.substring(0, 300) + "... (" + sql.length() + " chars)";
    }
}
