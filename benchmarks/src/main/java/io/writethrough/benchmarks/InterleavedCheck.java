package io.writethrough.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cross-check for shared machines, not a JMH benchmark: the arms take turns, {@value #TURN} operations at a time, on
 * one schema and in one JVM, so that load from elsewhere falls on every arm alike (JMH measures one arm after the
 * other, seconds apart). For each workload it prints each arm's median and mean time per operation, the application
 * thread's CPU time per operation (the JDBC and Jedis code, and the driver's), and the ratios of the medians.
 */
final class InterleavedCheck {

    static final int TURN = 100;

    private final int rounds;
    private final PrintStream out;

    /** @param rounds turns per arm and workload; the first fifth are warm-up and not counted */
    InterleavedCheck(int rounds, PrintStream out) {
        this.rounds = rounds;
        this.out = out;
    }

    @FunctionalInterface
    private interface Operation {
        void run(ItemsApplication app, Connection c, long n) throws SQLException;
    }

    /** Runs every workload and prints a table. */
    void run() throws SQLException {
        TextTable table = new TextTable("workload (interleaved)", "raw p50", "hand p50", "driver p50", "driver/hand p50",
                "driver/raw p50", "CPU/op raw", "hand", "driver");
        List<Arm> arms = List.of(Arm.RAW, Arm.HAND, Arm.DRIVER);
        try (ItemsSchema schema = ItemsSchema.create()) {
            schema.seed(ItemsSchema.SEEDED_ROWS);
            Map<Arm, Connection> connections = new EnumMap<>(Arm.class);
            Map<Arm, ItemsApplication> apps = new EnumMap<>(Arm.class);
            try {
                for (Arm arm : arms) {
                    connections.put(arm, schema.connect(arm));
                    apps.put(arm, ItemsApplication.of(arm, schema));
                }
                long[] newIds = {1_000_000};
                row(table, "INSERT 1 row, autocommit", measure(arms, connections, apps, TURN,
                        (app, c, n) -> app.insert(c, newIds[0]++)));
                row(table, "UPDATE by key, autocommit", measure(arms, connections, apps, TURN,
                        (app, c, n) -> app.updateByKey(c, n % ItemsSchema.SEEDED_ROWS + 1)));
                PlainJdbcItems plain = new PlainJdbcItems();
                row(table, "SELECT by key (pass-through)", measure(arms, connections, apps, TURN,
                        (app, c, n) -> plain.selectByKey(c, n % ItemsSchema.SEEDED_ROWS + 1)));
                for (Connection c : connections.values()) {
                    c.setAutoCommit(false);
                }
                row(table, "transaction, 5 statements", measure(arms, connections, apps, TURN / 5,
                        (app, c, n) -> app.fiveStatementTransaction(c, newIds[0]++, n % ItemsSchema.SEEDED_ROWS + 1,
                                (n + 5_000) % ItemsSchema.SEEDED_ROWS + 1, true)));
                row(table, "batch INSERT, 1000 rows", measure(arms, connections, apps, 1,
                        (app, c, n) -> {
                            app.insertBatch(c, newIds[0], 1000);
                            newIds[0] += 1000;
                        }));
            } finally {
                Resources.closeAll(connections.values().toArray(AutoCloseable[]::new));
                Resources.closeAll(apps.values().toArray(AutoCloseable[]::new));
            }
        }
        out.println("INTERLEAVED CROSS-CHECK (not JMH): arms alternate every " + TURN + " operations (batches: every "
                + "batch); µs per operation; CPU = the application thread's CPU time per operation");
        out.print(table.render());
    }

    /** Per arm: {median µs, mean µs, CPU µs per operation}. */
    private Map<Arm, double[]> measure(List<Arm> arms, Map<Arm, Connection> connections, Map<Arm, ItemsApplication> apps,
                                       int turn, Operation operation) throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Arm, List<Long>> times = new EnumMap<>(Arm.class);
        Map<Arm, long[]> cpu = new EnumMap<>(Arm.class);
        long n = 0;
        int warmUp = rounds / 5;
        for (int round = 0; round < rounds; round++) {
            for (Arm arm : arms) {
                List<Long> armTimes = times.computeIfAbsent(arm, a -> new ArrayList<>());
                long cpuBefore = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < turn; i++) {
                    long started = System.nanoTime();
                    operation.run(apps.get(arm), connections.get(arm), n++);
                    if (round >= warmUp) {
                        armTimes.add(System.nanoTime() - started);
                    }
                }
                if (round >= warmUp) {
                    long[] c = cpu.computeIfAbsent(arm, a -> new long[2]);
                    c[0] += threads.getCurrentThreadCpuTime() - cpuBefore;
                    c[1] += turn;
                }
            }
        }
        Map<Arm, double[]> result = new EnumMap<>(Arm.class);
        for (Arm arm : arms) {
            double mean = times.get(arm).stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
            long[] c = cpu.get(arm);
            result.put(arm, new double[] {median(times.get(arm)) / 1e3, mean / 1e3, c[0] / 1e3 / c[1]});
        }
        return result;
    }

    /** The median of {@code nanos}, in nanoseconds. */
    static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(TextTable table, String label, Map<Arm, double[]> m) {
        double raw = m.get(Arm.RAW)[0];
        double hand = m.get(Arm.HAND)[0];
        double driver = m.get(Arm.DRIVER)[0];
        table.row(label, BenchmarkReport.number(raw), BenchmarkReport.number(hand), BenchmarkReport.number(driver),
                String.format(Locale.ROOT, "%.3f", driver / hand), String.format(Locale.ROOT, "%.3f", driver / raw),
                BenchmarkReport.number(m.get(Arm.RAW)[2]), BenchmarkReport.number(m.get(Arm.HAND)[2]),
                BenchmarkReport.number(m.get(Arm.DRIVER)[2]));
    }
}
