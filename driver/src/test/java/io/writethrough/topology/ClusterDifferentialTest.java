package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialRun;
import io.writethrough.differential.DifferentialTest;
import io.writethrough.differential.RunFigures;
import io.writethrough.differential.Workload;
import io.writethrough.redis.KeyLayout;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The differential workload (see {@link DifferentialTest}) against a private Redis Cluster of 3 primaries and 3
 * replicas: every statement's rows spread over the slots of all primaries. Afterwards: no difference, no missing key,
 * no ownership mark. CI runs 1,500 transactions; the long form: {@code -Dtest=ClusterDifferentialTest
 * -Ddifferential.transactions=100000}.
 */
@ExtendWith(WriteThroughServices.class)
class ClusterDifferentialTest {

    @Test
    void redisClusterEqualsTheDatabaseAfterARandomizedConcurrentWorkload(TestDatabase db) throws Exception {
        DifferentialRun.Settings settings = DifferentialRun.Settings.fromSystemProperties(1_500);
        try (PrivateRedisCluster cluster = PrivateRedisCluster.launch();
             ClusterRig rig = ClusterRig.create(db, cluster, "cd:")) {
            try (Connection c = rig.connect()) {
                Workload.seed(c);
            }
            assertThat(rig.differences()).as("after seeding").isEmpty();

            RunFigures figures;
            try (AutoCloseable held = rig.schema.holdConfigurations()) {
                figures = DifferentialRun.run(settings, rig::connect, Workload::ordinaryError);
                rig.schema.settle();
            }
            List<CacheDifference> differences = rig.differences();
            String line = "cluster: " + settings + " " + figures + " differences=" + differences.size()
                    + " leftover marks=" + rig.leftoverMarks().size();
            System.out.println(line);
            DifferentialTest.record(line);
            assertThat(differences).as("differences, misses included (seed %d)\n%s", settings.seed(),
                    CacheAssertions.report(differences.subList(0, Math.min(30, differences.size())))).isEmpty();
            assertThat(rig.leftoverMarks()).as("ownership marks left (seed %d)", settings.seed()).isEmpty();
            assertThat(figures.rollbackShare()).isGreaterThanOrEqualTo(0.20);
            theChecksCanFail(rig);
        }
    }

    /** A stale field, a key without a row and a leftover mark, planted on the cluster, are all seen. */
    private static void theChecksCanFail(ClusterRig rig) throws Exception {
        // An entry of a row that exists (the workload deletes some rows).
        String existing = io.writethrough.testing.TestRedis.keysStartingWith(rig.redis, rig.schema.prefix + "acc:").get(0);
        String balance = rig.redis.hget(existing, "balance");
        rig.redis.hset(existing, "balance", balance + "0");
        rig.redis.hset(rig.schema.prefix + "acc:999999", "id", "x");
        String mark = KeyLayout.CLUSTER.markKey(existing);
        rig.redis.hset(mark, "t", "planted");
        assertThat(rig.differences()).extracting(CacheDifference::kind)
                .contains(CacheDifference.Kind.EXTRA_KEY, CacheDifference.Kind.STALE_FIELD);
        assertThat(rig.leftoverMarks()).containsExactly(mark);
        rig.redis.del(mark);
        rig.redis.del(rig.schema.prefix + "acc:999999");
        rig.redis.hset(existing, "balance", balance);
    }
}
