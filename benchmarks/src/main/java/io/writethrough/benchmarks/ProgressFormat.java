package io.writethrough.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output reduced to one line per benchmark (name, parameters, score), so that a run fits on a screen. JMH's own
 * lines, including what the benchmark JVMs print, are kept (the last {@value #KEPT_LINES}) and shown by
 * {@link #printKeptLines()} when a run fails.
 */
final class ProgressFormat implements OutputFormat {

    private static final int KEPT_LINES = 400;

    private final PrintStream out;
    private final Deque<String> kept = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private int started;

    ProgressFormat(PrintStream out) {
        this.out = out;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%2d] %s", started, shortName(params.getBenchmark())));
        for (String key : params.getParamsKeys()) {
            line.append(' ').append(key).append('=').append(params.getParam(key));
        }
        if (params.getThreads() > 1) {
            line.append(" threads=").append(params.getThreads());
        }
        out.print(line);
        out.flush();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result == null) {
            out.println("  FAILED");
            return;
        }
        Result<?> primary = result.getPrimaryResult();
        out.println(String.format(Locale.ROOT, "  %s ± %s %s", BenchmarkReport.number(primary.getScore()),
                BenchmarkReport.number(primary.getScoreError()), primary.getScoreUnit()));
    }

    /** Prints the JMH lines kept so far (after a failure). */
    void printKeptLines() {
        out.println("---- last JMH output ----");
        kept.forEach(out::println);
        if (partial.length() > 0) {
            out.println(partial);
        }
    }

    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    private void keep(String line) {
        if (kept.size() == KEPT_LINES) {
            kept.removeFirst();
        }
        kept.addLast(line);
    }

    @Override
    public void iteration(BenchmarkParams benchmarkParams, IterationParams params, int iteration) {
    }

    @Override
    public void iterationResult(BenchmarkParams benchmarkParams, IterationParams params, int iteration, IterationResult data) {
    }

    @Override
    public void startRun() {
    }

    @Override
    public void endRun(Collection<RunResult> result) {
    }

    @Override
    public void print(String s) {
        partial.append(s);
    }

    @Override
    public void println(String s) {
        partial.append(s);
        keep(partial.toString());
        partial.setLength(0);
    }

    @Override
    public void verbosePrintln(String s) {
        keep(s);
    }

    @Override
    public void write(int b) {
        partial.append((char) b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        partial.append(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
