package io.writethrough.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH result reduced to what the report needs.
 *
 * @param benchmark   class and method, e.g. {@code SingleStatementBenchmark.insert}
 * @param params      the JMH parameters other than {@value Arm#PARAM}, sorted by name
 * @param arm         the arm, or null for benchmarks without one (the CPU benchmarks)
 * @param threads     benchmark threads
 * @param mean        JMH's score: mean time per operation
 * @param error       JMH's score error (half-width of the 99.9% confidence interval); NaN when JMH has none
 * @param median      the 50th percentile of the samples (of the iteration scores for average-time benchmarks)
 * @param unit        the score's unit, e.g. {@code us/op}
 * @param secondaries secondary results by label (e.g. the {@code parses} counter), as scores
 */
public record Measurement(String benchmark, Map<String, String> params, Arm arm, int threads, double mean, double error,
                          double median, String unit, Map<String, Double> secondaries) {

    /** Reduces a JMH run result. */
    public static Measurement of(RunResult run) {
        BenchmarkParams p = run.getParams();
        String full = p.getBenchmark();
        int method = full.lastIndexOf('.');
        int type = full.lastIndexOf('.', method - 1);
        Map<String, String> params = new TreeMap<>();
        Arm arm = null;
        for (String key : p.getParamsKeys()) {
            if (Arm.PARAM.equals(key)) {
                arm = Arm.of(p.getParam(key));
            } else {
                params.put(key, p.getParam(key));
            }
        }
        Result<?> primary = run.getPrimaryResult();
        Map<String, Double> secondaries = new LinkedHashMap<>();
        // JMH declares the map with the raw Result type.
        run.getSecondaryResults().forEach((label, result) -> secondaries.put(label, result.getScore()));
        return new Measurement(full.substring(type + 1), Map.copyOf(params), arm, p.getThreads(), primary.getScore(),
                primary.getScoreError(), primary.getStatistics().getPercentile(50), primary.getScoreUnit(),
                Map.copyOf(secondaries));
    }
}
