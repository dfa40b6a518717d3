package io.writethrough.benchmarks;

import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Write-through to a Redis Cluster (a private one: 3 primaries, 3 replicas) against one Redis: an autocommit UPDATE
 * by key (its entry in one slot) and an UPDATE of 1,000 rows (entries in slots of every primary). Arms: {@code
 * driver} and {@code hand} on the one shared Redis (the baselines of a one-slot statement: the hand-written arm shows
 * what the cluster's six processes cost this machine by themselves), {@code cluster-driver} ({@code
 * redis.wait.replicas=0}, the same work as the hand-written arm), {@code cluster-driver-wait} (the default {@code WAIT
 * 1}), and {@code cluster-hand}: {@code RETURNING *}, then a Jedis cluster pipeline of {@code DEL} + {@code HSET} per
 * row (one pipeline per primary), replies checked, then commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterBenchmark {

    @Param({"hand", "driver", "cluster-hand", "cluster-driver", "cluster-driver-wait"})
    public String arm;

    private TestDatabase db;
    private TestRedis sharedRedis;
    private PrivateRedisCluster cluster;
    private ClusterArm rig;
    private long nextKey;
    private long nextRange;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        Arm which = Arm.of(arm);
        try {
            db = TestDatabase.create(ItemsSchema.postgres());
            ClusterArm.createItems(db);
            if (which == Arm.DRIVER || which == Arm.HAND) {
                sharedRedis = TestRedis.create();
            } else {
                cluster = PrivateRedisCluster.launch();
            }
            rig = ClusterArm.open(which, db, sharedRedis, cluster);
        } catch (SQLException | IOException | RuntimeException e) {
            // JMH does not tear down a trial whose set-up failed: without this its schema and cluster would stay.
            tearDown();
            throw e;
        }
    }

    @Benchmark
    public int updateByKey() throws SQLException {
        nextKey = nextKey % ClusterArm.ROWS + 1;
        return rig.updateByKey(nextKey);
    }

    @Benchmark
    public int updateThousandRows() throws SQLException {
        long from = nextRange * ClusterArm.RANGE + 1;
        nextRange = (nextRange + 1) % (ClusterArm.ROWS / ClusterArm.RANGE);
        return rig.updateRange(from);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(rig, cluster, sharedRedis, db);
    }
}
