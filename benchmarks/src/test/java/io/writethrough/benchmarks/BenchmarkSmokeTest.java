package io.writethrough.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;

/**
 * CI's smoke run: every benchmark, with every parameter value, runs once in this JVM (forks 0, one warm-up and one
 * measured iteration of about 100 ms) and produces a result, and the report prints. Measures nothing.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndProducesAResult() throws Exception {
        BenchmarkSuite suite = new BenchmarkSuite(RunSettings.SMOKE, List.of(1, 8), null, Map.of(), List.of(), List.of(), false);
        ProgressFormat progress = new ProgressFormat(System.out);

        List<RunResult> results = suite.run(progress);

        List<Measurement> measurements = results.stream().map(Measurement::of).toList();
        Set<String> measured = measurements.stream().map(Measurement::benchmark).collect(Collectors.toSet());
        Set<String> declared = BenchmarkSuite.allBenchmarks().stream()
                .map(name -> name.substring(BenchmarkSuite.class.getPackageName().length() + 1))
                .collect(Collectors.toSet());
        assertThat(measured).isEqualTo(declared);
        assertThat(measurements).hasSize(expectedResults());
        assertThat(measurements).allSatisfy(m -> assertThat(m.mean()).as(m.benchmark() + " " + m.arm() + " " + m.params())
                .isFinite().isPositive());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new BenchmarkReport(measurements).print(new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("RATIOS", "batch INSERT, 1000 rows", "HikariCP UPDATE by key, 8 threads", "TARGETS",
                        "CPU per statement, cached plan", "REDIS CLUSTER", "UPDATE of 1,000 rows (every primary)");
    }

    @Test
    void theInterleavedClusterCheckRunsEveryArmAndPrintsTheTarget() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        new ClusterInterleavedCheck(1, new PrintStream(text, true, StandardCharsets.UTF_8)).run();

        String printed = text.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("INTERLEAVED CLUSTER CROSS-CHECK", "cluster/one <= 1.05");
        String row = printed.lines().filter(line -> line.startsWith("UPDATE by key (1 slot)")).findFirst().orElseThrow();
        // Four medians and two ratios, each a positive number.
        List<Double> numbers = Arrays.stream(row.substring("UPDATE by key (1 slot), autocommit".length())
                .trim().split("\\s+")).map(Double::valueOf).toList();
        assertThat(numbers).hasSize(6).allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    void roundsAreMergedIntoOneResultPerBenchmark() throws Exception {
        BenchmarkSuite suite = new BenchmarkSuite(RunSettings.SMOKE.withRounds(2), List.of(1), "StatementCpuBenchmark\\.planLookup$",
                Map.of(), List.of(), List.of(), false);

        List<RunResult> results = suite.run(new ProgressFormat(System.out));

        assertThat(results).hasSize(1);
        assertThat(results.get(0).getBenchmarkResults()).hasSize(2);
        assertThat(results.get(0).getPrimaryResult().getStatistics().getN()).isEqualTo(2);
    }

    @Test
    void anIncludeMatchingNothingNamesTheBenchmarks() {
        BenchmarkSuite suite = new BenchmarkSuite(RunSettings.SMOKE, List.of(1), "NoSuchBenchmark", Map.of(), List.of(),
                List.of(), false);

        assertThatThrownBy(() -> suite.run(new ProgressFormat(System.out)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'NoSuchBenchmark'")
                .hasMessageContaining("SingleStatementBenchmark.insert");
    }

    /**
     * Single statements 2 x 3 arms, transactions 2 x 5, batches 5 arms x 4 sizes, pass-through 2 x 2 arms x 2
     * catalogs, pooled 3 arms x 2 thread counts, CPU 3 + parse 3 + the unseen-write check's CPU 2 x 2 catalogs + JSON
     * encoding 2, cluster 2 x 5 arms.
     */
    private static int expectedResults() {
        return 6 + 10 + 20 + 8 + 6 + 3 + 3 + 4 + 2 + 10;
    }
}
