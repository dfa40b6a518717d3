package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialRun;
import io.writethrough.differential.DifferentialTest;
import io.writethrough.differential.RunFigures;
import io.writethrough.differential.Workload;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The differential workload while the cluster changes under it: slots migrate between primaries (MOVED, ASK and
 * TRYAGAIN on the way), primaries fail over by hand ({@code CLUSTER FAILOVER}) and one is killed. Statements may fail
 * meanwhile, only with SQLState 40003 (a commit with 40000; besides the workload's own deadlocks and conflicts), and
 * their transactions roll back; afterwards, once recovery has run, Redis equals the database exactly: no stale value, no missing key, no mark.
 */
@ExtendWith(WriteThroughServices.class)
class ClusterTopologyChangeTest {

    private static final long TRANSACTIONS = Long.getLong("cluster.chaos.transactions", 800);

    /** 40003: a statement's write-through failed; 40000: a commit's did, and the transaction rolled back. */
    static boolean clusterFaultError(SQLException e) {
        return Workload.ordinaryError(e) || "40003".equals(e.getSQLState()) || "40000".equals(e.getSQLState());
    }

    @Test
    void slotsMigrateWhileTheWorkloadWrites(TestDatabase db) throws Exception {
        run(db, "cm:", (cluster, random, done, log) -> {
            List<PrivateRedisServer> primaries = cluster.primaries();
            while (!done.get()) {
                PrivateRedisServer target = primaries.get(random.nextInt(primaries.size()));
                int from = random.nextInt(PrivateRedisCluster.SLOTS - 64);
                int to = from + 8 + random.nextInt(56);
                log.add("migrate " + from + ".." + to + " to " + target.port());
                cluster.migrateSlots(from, to, target);
            }
        });
    }

    @Test
    void primariesFailOverWhileTheWorkloadWrites(TestDatabase db) throws Exception {
        run(db, "cf:", (cluster, random, done, log) -> {
            int failovers = 0;
            while (!done.get()) {
                List<PrivateRedisServer> primaries = cluster.primaries();
                PrivateRedisServer primary = primaries.get(random.nextInt(primaries.size()));
                if (failovers++ == 2) {
                    log.add("kill " + primary.port());
                    cluster.killPrimary(primary);
                    cluster.restart(primary);
                } else {
                    log.add("failover " + primary.port());
                    cluster.failover(primary);
                }
            }
        });
    }

    /** Changes the cluster until {@code done}. */
    @FunctionalInterface
    interface Chaos {
        void run(PrivateRedisCluster cluster, Random random, AtomicBoolean done, List<String> log) throws Exception;
    }

    private static void run(TestDatabase db, String prefix, Chaos chaos) throws Exception {
        long seed = Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL);
        DifferentialRun.Settings settings = new DifferentialRun.Settings(seed, 3, TRANSACTIONS, Duration.ofMinutes(10));
        try (PrivateRedisCluster cluster = PrivateRedisCluster.launch();
             ClusterRig rig = ClusterRig.create(db, cluster, prefix, "redis.timeout.ms=3000")) {
            try (Connection c = rig.connect()) {
                Workload.seed(c);
            }
            List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            List<Throwable> chaosFailure = new ArrayList<>();
            Thread changes = new Thread(() -> {
                try {
                    chaos.run(cluster, new Random(seed), done, log);
                } catch (Throwable e) {
                    chaosFailure.add(e);
                }
            }, "cluster-chaos");
            RunFigures figures;
            // Held through the settle, as in SentinelTest: the configurations' recoveries refill what undos deleted.
            try (AutoCloseable held = rig.schema.holdConfigurations()) {
                changes.start();
                try {
                    figures = DifferentialRun.run(settings, rig::connect, ClusterTopologyChangeTest::clusterFaultError);
                } finally {
                    done.set(true);
                    changes.join();
                }
                assertThat(chaosFailure).as("the cluster changes themselves").isEmpty();
                cluster.awaitStable();
                rig.schema.settle();
            }
            List<CacheDifference> differences = rig.differences();
            String line = "cluster chaos " + prefix + " seed=" + seed + " " + figures + " changes=" + log.size() + " "
                    + log + " differences=" + differences.size() + " leftover marks=" + rig.leftoverMarks().size();
            System.out.println(line);
            DifferentialTest.record(line);
            assertThat(log).as("the cluster changed during the run").isNotEmpty();
            assertThat(differences).as("differences after %s (seed %d)\n%s", log, seed,
                    CacheAssertions.report(differences.subList(0, Math.min(30, differences.size())))).isEmpty();
            assertThat(rig.leftoverMarks()).as("ownership marks left (seed %d)", seed).isEmpty();
        }
    }
}
