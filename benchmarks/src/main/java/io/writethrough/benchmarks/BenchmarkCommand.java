package io.writethrough.benchmarks;

import io.writethrough.testing.PostgresService;
import io.writethrough.testing.RedisService;
import io.writethrough.testing.ServiceResolver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [--quick | --full] [options]}: runs the JMH benchmarks of the
 * three arms against the same PostgreSQL and Redis and prints the ratio tables ({@link BenchmarkReport}).
 */
@Command(name = "java -jar benchmarks/target/benchmarks.jar", mixinStandardHelpOptions = true,
        version = "writethrough benchmarks 0.1.0-SNAPSHOT (JMH 1.37)",
        description = {"Measures raw pgjdbc, hand-written JDBC + Jedis write-through and the writethrough driver against "
                + "the same PostgreSQL and Redis in one run, and prints the ratios driver/hand-written and driver/raw.",
            "Services: WRITETHROUGH_TEST_JDBC_URL and WRITETHROUGH_TEST_REDIS_URL when set, else embedded PostgreSQL "
                + "and Redis (see the test fixtures)."},
        sortOptions = false)
public final class BenchmarkCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    private Length length = new Length();

    static final class Length {
        @Option(names = "--quick", description = "1 JVM per benchmark, 750 ms warm-up, 2 x 750 ms measured (CPU-only "
                + "benchmarks 2 x 1 s warm-up, 5 x 200 ms): under 3 minutes on 2 cores (the default)")
        boolean quick;

        @Option(names = "--full", description = "2 rounds of 1 JVM per benchmark, 3 x 2 s warm-up, 5 x 2 s measured "
                + "(CPU-only benchmarks 10 x 500 ms): about 25 minutes")
        boolean full;
    }

    @Option(names = "--threads", split = ",", defaultValue = "1,8", paramLabel = "N",
            description = "thread counts for the HikariCP benchmark (default: ${DEFAULT-VALUE})")
    private List<Integer> threads;

    @Option(names = "--param", paramLabel = "NAME=V1[,V2...]", description = "override a JMH parameter, e.g. "
            + "arm=hand,driver or rows=100,1000 (arms: raw, raw-rewrite, hand, driver, driver-rewrite; rows: 1,100,1000,10000)")
    private Map<String, String> jmhParams = new LinkedHashMap<>();

    @Option(names = "--include", paramLabel = "REGEX",
            description = "run only the benchmarks whose name contains a match, e.g. Batch or 'SingleStatement.*insert'")
    private String include;

    @Option(names = "--forks", paramLabel = "N", description = "benchmark JVMs per benchmark in each round, overriding "
            + "the mode's (0 runs in this JVM: for debugging only)")
    private Integer forks;

    @Option(names = "--rounds", paramLabel = "N", description = "times the whole suite runs, results merged; overrides "
            + "the mode's (quick 1, full 2)")
    private Integer rounds;

    @Option(names = "--prof", paramLabel = "PROFILER[:OPTIONS]",
            description = "add a JMH profiler in every benchmark JVM, e.g. stack, gc, 'jfr:dir=/tmp/jfr'; implies --verbose")
    private List<String> profilers = new ArrayList<>();

    @Option(names = "--durable-commit", description = "keep PostgreSQL's synchronous_commit=on; by default the benchmark "
            + "sessions turn it off so that the disk's flush time does not hide what the arms cost")
    private boolean durableCommit;

    @Option(names = "--verbose", description = "JMH's own output instead of one line per benchmark")
    private boolean verbose;

    @Option(names = "--interleaved", description = "instead of JMH, a cross-check for shared machines: the arms take "
            + "turns every " + InterleavedCheck.TURN + " operations in one JVM (10-20 s)")
    private boolean interleaved;

    @Option(names = "--interleaved-cluster", description = "instead of JMH, the one-slot Redis Cluster target as a "
            + "cross-check: the arms on one Redis and on a private cluster take turns every " + ClusterInterleavedCheck.TURN
            + " statements in one JVM (about a minute)")
    private boolean interleavedCluster;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        RunSettings settings = length.full ? RunSettings.FULL : RunSettings.QUICK;
        if (forks != null) {
            settings = settings.withForks(forks);
        }
        if (rounds != null) {
            settings = settings.withRounds(rounds);
        }
        List<String> forkJvmArgs = new ArrayList<>();
        if (durableCommit) {
            System.setProperty(ItemsSchema.DURABLE_COMMIT_PROPERTY, "true");
            forkJvmArgs.add("-D" + ItemsSchema.DURABLE_COMMIT_PROPERTY + "=true");
        }
        System.out.println("writethrough benchmarks, " + (interleaved || interleavedCluster ? "interleaved cross-check"
                : (length.full ? "full" : "quick") + " mode: " + settings));
        System.out.println("machine: " + machine());
        System.out.println("services: " + services(forkJvmArgs));
        System.out.println("PostgreSQL sessions: synchronous_commit=" + (durableCommit ? "on" : "off"));
        if (interleaved || interleavedCluster) {
            try {
                if (interleaved) {
                    new InterleavedCheck(50, System.out).run();
                }
                if (interleavedCluster) {
                    new ClusterInterleavedCheck(50, System.out).run();
                }
            } catch (SQLException | IOException | RuntimeException e) {
                System.err.println("interleaved check failed: " + e);
                return 1;
            }
            System.out.printf(Locale.ROOT, "finished in %.0f s; load average now %s%n", (System.nanoTime() - started) / 1e9,
                    loadAverage());
            return 0;
        }
        Map<String, String[]> params = new LinkedHashMap<>();
        jmhParams.forEach((name, values) -> params.put(name, values.split(",")));
        boolean jmhOutput = verbose || !profilers.isEmpty();
        BenchmarkSuite suite = new BenchmarkSuite(settings, threads, include, params, profilers, forkJvmArgs, jmhOutput);
        ProgressFormat progress = new ProgressFormat(System.out);
        OutputFormat format = jmhOutput ? OutputFormatFactory.createFormatInstance(System.out, VerboseMode.NORMAL) : progress;
        List<RunResult> results;
        try {
            results = suite.run(format);
        } catch (RunnerException | RuntimeException e) {
            if (!jmhOutput) {
                progress.printKeptLines();
            }
            System.err.println("benchmark run failed: " + e.getMessage());
            return 1;
        }
        new BenchmarkReport(results.stream().map(Measurement::of).toList()).print(System.out);
        System.out.println();
        System.out.printf(Locale.ROOT, "finished in %.0f s; load average now %s%n", (System.nanoTime() - started) / 1e9,
                loadAverage());
        return 0;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap here, Java "
                + System.getProperty("java.vm.version") + ", load average " + loadAverage();
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", load);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the model is only informative.
        }
        return "unknown CPU";
    }

    /**
     * Resolves the services once here and says which they are. Without {@value ServiceResolver#JDBC_URL_VARIABLE} the
     * embedded PostgreSQL started here is handed to the benchmark JVMs, so they do not each start one; without
     * {@value ServiceResolver#REDIS_URL_VARIABLE} each benchmark JVM starts its own embedded Redis (about 40 ms).
     */
    private static String services(List<String> forkJvmArgs) {
        PostgresService postgres = ServiceResolver.postgres();
        String jdbcVariable = System.getenv(ServiceResolver.JDBC_URL_VARIABLE);
        if (jdbcVariable == null || jdbcVariable.isBlank()) {
            forkJvmArgs.add("-D" + ItemsSchema.JDBC_URL_PROPERTY + "=" + postgres.jdbcUrl());
        }
        String text = "PostgreSQL " + postgresVersion(postgres) + " (" + postgres.source() + ") at " + postgres.address();
        String redisVariable = System.getenv(ServiceResolver.REDIS_URL_VARIABLE);
        if (redisVariable == null || redisVariable.isBlank()) {
            return text + "; Redis: an embedded redis-server in each benchmark JVM (" + ServiceResolver.REDIS_URL_VARIABLE
                    + " is not set)";
        }
        RedisService redis = ServiceResolver.redis();
        return text + "; Redis " + redisVersion() + " (" + redis.source() + ") at " + redis.address();
    }

    private static String postgresVersion(PostgresService postgres) {
        try (Connection c = postgres.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + postgres.address() + " does not answer: " + e.getMessage(), e);
        }
    }

    private static String redisVersion() {
        for (String line : ServiceResolver.redisClient().info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "?";
    }
}
