package io.writethrough.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every benchmark of the module, run through JMH's {@link Runner}: the CPU-only benchmarks, then the single-connection
 * benchmarks, then the pooled benchmark once per thread count (JMH's thread count applies to a whole run, and the
 * single-connection benchmarks must run on one thread).
 *
 * @param settings     iterations, times and forks
 * @param threads      thread counts for {@link PooledBenchmark}
 * @param include      a regular expression a benchmark's full name must contain a match of, or null for all
 * @param params       JMH parameter overrides (e.g. {@code rows -> [100, 1000]}); empty for the annotations' values
 * @param profilers    JMH profiler specs ({@code stack}, {@code jfr}, {@code gc:opts}...)
 * @param forkJvmArgs  extra arguments for the benchmark JVMs
 * @param verbose      JMH's normal output instead of one line per benchmark
 */
public record BenchmarkSuite(RunSettings settings, List<Integer> threads, String include, Map<String, String[]> params,
                             List<String> profilers, List<String> forkJvmArgs, boolean verbose) {

    static final String PACKAGE = Pattern.quote(BenchmarkSuite.class.getPackageName() + ".");
    /** The end-to-end benchmarks that run on one thread over one connection. */
    static final String SINGLE_CONNECTION = PACKAGE + "(SingleStatement|Transaction|Batch|PassThrough|Cluster)Benchmark\\.";
    /** The CPU-only benchmarks. */
    static final String CPU = PACKAGE + "(StatementCpu|ParseCpu|UnseenCheckCpu|JsonEncodingCpu)Benchmark\\.";
    static final String POOLED = PACKAGE + "PooledBenchmark\\.";

    /**
     * Runs the suite. {@code out} receives JMH's output.
     *
     * @throws RunnerException when a benchmark fails (the run stops there)
     * @throws IllegalArgumentException when {@code include} matches no benchmark
     */
    public List<RunResult> run(OutputFormat out) throws RunnerException {
        List<RunResult> all = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            all.addAll(runOnce(out));
        }
        return merged(all);
    }

    private List<RunResult> runOnce(OutputFormat out) throws RunnerException {
        List<RunResult> results = new ArrayList<>();
        boolean any = false;
        if (matchesAny(CPU)) {
            any = true;
            results.addAll(new Runner(options(CPU, settings.cpu(), 1).build(), out).run());
        }
        if (matchesAny(SINGLE_CONNECTION)) {
            any = true;
            results.addAll(new Runner(options(SINGLE_CONNECTION, settings.io(), 1).build(), out).run());
        }
        if (matchesAny(POOLED)) {
            any = true;
            for (int t : threads) {
                results.addAll(new Runner(options(POOLED, settings.io(), t).build(), out).run());
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no benchmark matches --include '" + include + "'; the benchmarks are: "
                    + String.join(", ", allBenchmarks()));
        }
        return results;
    }

    /** Results of the same benchmark, parameters and thread count from several rounds, as one result with more forks. */
    static List<RunResult> merged(List<RunResult> results) {
        Map<String, List<RunResult>> byKey = new LinkedHashMap<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            StringBuilder key = new StringBuilder(p.getBenchmark()).append('/').append(p.getThreads());
            for (String name : p.getParamsKeys()) {
                key.append('/').append(name).append('=').append(p.getParam(name));
            }
            byKey.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(r);
        }
        List<RunResult> merged = new ArrayList<>();
        for (List<RunResult> same : byKey.values()) {
            if (same.size() == 1) {
                merged.add(same.get(0));
                continue;
            }
            List<BenchmarkResult> forks = new ArrayList<>();
            same.forEach(r -> forks.addAll(r.getBenchmarkResults()));
            merged.add(new RunResult(same.get(0).getParams(), forks));
        }
        return merged;
    }

    private ChainedOptionsBuilder options(String group, RunSettings.Phase phase, int threadCount) {
        // JMH keeps a benchmark when any include matches, so the user's filter becomes a lookahead on the group.
        String pattern = include == null ? group : "(?=.*(?:" + include + "))" + group;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(pattern)
                .forks(settings.forks())
                .warmupIterations(phase.warmupIterations())
                .warmupTime(phase.warmupTime())
                .measurementIterations(phase.iterations())
                .measurementTime(phase.time())
                .threads(threadCount)
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        if (!forkJvmArgs.isEmpty()) {
            options.jvmArgsAppend(forkJvmArgs.toArray(String[]::new));
        }
        params.forEach(options::param);
        for (String profiler : profilers) {
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler);
            } else {
                options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
        return options;
    }

    private boolean matchesAny(String group) {
        Pattern groupPattern = Pattern.compile(group);
        Pattern includePattern = include == null ? null : Pattern.compile(include);
        for (String name : allBenchmarks()) {
            if (groupPattern.matcher(name).find() && (includePattern == null || includePattern.matcher(name).find())) {
                return true;
            }
        }
        return false;
    }

    /** The full names of every benchmark method in the module's JMH benchmark list. */
    static List<String> allBenchmarks() {
        List<String> names = new ArrayList<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(new ProgressFormat(System.out), List.of())) {
            names.add(entry.getUsername());
        }
        return names;
    }
}
