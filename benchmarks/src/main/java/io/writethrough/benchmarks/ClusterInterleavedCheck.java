package io.writethrough.benchmarks;

import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-slot cluster target measured as {@link InterleavedCheck} measures the others: {@link ClusterBenchmark}'s
 * arms on one Redis and on a private cluster take turns, {@value #TURN} autocommit UPDATEs by key at a time, in one
 * JVM, so that the machine's drift from one minute to the next falls on every arm alike. JMH runs the arms minutes
 * apart, and on a shared two-core machine the same arm moves by a third in that time, more than the 5 % the target
 * allows.
 */
final class ClusterInterleavedCheck {

    static final int TURN = 100;
    private static final List<Arm> ARMS = List.of(Arm.HAND, Arm.DRIVER, Arm.CLUSTER_HAND, Arm.CLUSTER_DRIVER);

    private final int rounds;
    private final PrintStream out;

    /** @param rounds turns per arm; the first fifth are warm-up and not counted */
    ClusterInterleavedCheck(int rounds, PrintStream out) {
        this.rounds = rounds;
        this.out = out;
    }

    /** Runs the arms in turns and prints their medians and the target's ratio. */
    void run() throws SQLException, IOException {
        Map<Arm, List<Long>> times = new EnumMap<>(Arm.class);
        try (TestDatabase db = TestDatabase.create(ItemsSchema.postgres());
             TestRedis shared = TestRedis.create();
             PrivateRedisCluster cluster = PrivateRedisCluster.launch()) {
            ClusterArm.createItems(db);
            List<ClusterArm> arms = new ArrayList<>();
            try {
                for (Arm arm : ARMS) {
                    arms.add(ClusterArm.open(arm, db, shared, cluster));
                }
                long n = 0;
                for (int round = 0; round < rounds; round++) {
                    for (ClusterArm arm : arms) {
                        List<Long> armTimes = times.computeIfAbsent(arm.arm(), a -> new ArrayList<>());
                        for (int i = 0; i < TURN; i++) {
                            long started = System.nanoTime();
                            arm.updateByKey(n++ % ClusterArm.ROWS + 1);
                            if (round >= rounds / 5) {
                                armTimes.add(System.nanoTime() - started);
                            }
                        }
                    }
                }
            } finally {
                Resources.closeAll(arms.toArray(AutoCloseable[]::new));
            }
        }
        TextTable table = new TextTable("workload (interleaved)", "hand, one p50", "driver, one p50",
                "hand, cluster p50", "driver, cluster p50", "cluster/one p50", "hand: cluster/one p50");
        double[] p50 = ARMS.stream().mapToDouble(arm -> InterleavedCheck.median(times.get(arm)) / 1e3).toArray();
        table.row("UPDATE by key (1 slot), autocommit", BenchmarkReport.number(p50[0]), BenchmarkReport.number(p50[1]),
                BenchmarkReport.number(p50[2]), BenchmarkReport.number(p50[3]),
                String.format(Locale.ROOT, "%.3f", p50[3] / p50[1]), String.format(Locale.ROOT, "%.3f", p50[2] / p50[0]));
        out.println("INTERLEAVED CLUSTER CROSS-CHECK (not JMH): arms alternate every " + TURN + " statements; µs per "
                + "statement; the cluster of 3 primaries + 3 replicas, driver with redis.wait.replicas=0; target "
                + "cluster/one <= 1.05");
        out.print(table.render());
    }
}
