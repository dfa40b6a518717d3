package io.writethrough.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static Measurement m(String benchmark, Arm arm, int threads, double mean, double error, double median,
                                 Map<String, String> params) {
        return new Measurement(benchmark, params, arm, threads, mean, error, median, "us/op", Map.of());
    }

    @Test
    void ratioPropagatesTheRelativeErrorsOfBothScores() {
        Measurement driver = m("X.y", Arm.DRIVER, 1, 110, 3.3, 100, Map.of());
        Measurement hand = m("X.y", Arm.HAND, 1, 100, 4, 80, Map.of());

        BenchmarkReport.Ratio r = BenchmarkReport.Ratio.of(driver, hand);

        assertThat(r.mean()).isCloseTo(1.1, within(1e-9));
        assertThat(r.error()).isCloseTo(1.1 * Math.hypot(0.03, 0.04), within(1e-9));
        assertThat(r.median()).isCloseTo(1.25, within(1e-9));
        assertThat(r.inverse().mean()).isCloseTo(1 / 1.1, within(1e-9));
    }

    @Test
    void targetsAreJudgedOnTheMedianWhereTheTargetSaysSo() {
        Map<String, String> none = Map.of();
        List<Measurement> ms = List.of(
                m("SingleStatementBenchmark.insert", Arm.HAND, 1, 100, 1, 100, none),
                // Mean 1.3x, median 1.05x: the single-statement target (median <= 1.10) is met.
                m("SingleStatementBenchmark.insert", Arm.DRIVER, 1, 130, 1, 105, none),
                m("PassThroughBenchmark.selectByKey", Arm.RAW, 1, 100, 1, 100, none),
                // Mean 1.05x with a small error: the pass-through target (mean <= 1.02) is missed.
                m("PassThroughBenchmark.selectByKey", Arm.DRIVER, 1, 105, 1, 100, none),
                m("PooledBenchmark.updateByKey", Arm.HAND, 8, 100, 1, 100, none),
                m("PooledBenchmark.updateByKey", Arm.DRIVER, 8, 125, 1, 125, none));

        String text = print(ms);

        assertThat(text).containsPattern("INSERT 1 row, autocommit: driver/hand p50 <= 1.10 +1.050 .* met");
        assertThat(text).containsPattern("SELECT by key \\(pass-through\\): driver/raw <= 1.02 +1.050 .* MISSED");
        assertThat(text).containsPattern("8 threads: driver/hand throughput >= 0.9 +0.800 .* MISSED");
    }

    @Test
    void batchesAreReportedPerRow() {
        List<Measurement> ms = List.of(
                m("BatchBenchmark.insertBatch", Arm.RAW_REWRITE, 1, 2000, 10, 2000, Map.of("rows", "1000")),
                m("BatchBenchmark.insertBatch", Arm.DRIVER, 1, 5000, 10, 5000, Map.of("rows", "1000")),
                m("BatchBenchmark.insertBatch", Arm.DRIVER_REWRITE, 1, 4000, 10, 4000, Map.of("rows", "1000")));

        String text = print(ms);

        assertThat(text).containsPattern("\\n1000 +- +2.00 +- +5.00 +4.00 +- +2.500 ± [0-9.]+ +2.000 ");
        assertThat(text).containsPattern("driver-rewrite/raw-rewrite <= 1.5 +2.000 .* MISSED");
    }

    @Test
    void unknownArmNamesTheExpectedOnes() {
        assertThatThrownBy(() -> Arm.of("pgjdbc")).hasMessageContaining("'pgjdbc'").hasMessageContaining("raw, raw-rewrite, hand, hand-pipelined, driver, driver-pipelined");
    }

    private static String print(List<Measurement> ms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BenchmarkReport(ms).print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
