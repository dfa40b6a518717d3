package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.OwnershipStore.Release;
import io.writethrough.testing.PrivateRedisCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisCluster;

/**
 * On a cluster, the marks a committed transaction leaves in slots its next statement does not write to go in the
 * pipeline of a later write to their primary, not in calls of their own; and such a release cannot fail the write that
 * carries it. The writer's linger is long here, so the background never drops anything while a test looks.
 */
class ClusterReleasesTest {

    private static final String DATABASE = "test";

    private static PrivateRedisCluster cluster;
    private static JedisCluster redis;
    private static RedisNodes nodes;
    private static ClusterWriter writer;

    @BeforeAll
    static void launch() {
        cluster = PrivateRedisCluster.launch();
        redis = cluster.client();
        Properties file = new Properties();
        file.setProperty("redis.cluster.nodes", cluster.seeds());
        file.setProperty("table.items.key", "item:{id}");
        nodes = RedisTopology.of(MappingConfig.parse(file, "test")).open(2_000, () -> 4);
        writer = new ClusterWriter(nodes, 0, DriverMetrics.DISABLED, TimeUnit.MINUTES.toNanos(10));
    }

    @AfterAll
    static void stop() {
        if (writer != null) {
            writer.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReleaseWaitsForAWriteToItsPrimaryAndGoesWithIt() {
        String committed = key("a", k -> true);
        String samePrimary = besideOf(committed, "b");
        String otherPrimary = key("c", k -> !cluster.primaryOf(k).equals(cluster.primaryOf(committed)));
        write("A", 100, committed, Release.NONE);
        assertThat(marked(committed)).isTrue();

        // A's next statement writes only to another primary: A's mark waits.
        write("B", 200, otherPrimary, new Release("A", List.of(committed)));
        assertThat(marked(committed)).as("left for a write to its primary").isTrue();

        // Any later write to that primary (another slot, another transaction) takes it along.
        write("C", 300, samePrimary, Release.NONE);
        assertThat(marked(committed)).as("released in the pipeline of the write to its primary").isFalse();
        assertThat(marked(samePrimary)).as("the write's own mark").isTrue();
    }

    @Test
    void aReleaseOnThePrimaryOfTheStatementGoesInItsPipelineAtOnce() {
        String committed = key("d", k -> true);
        String samePrimary = besideOf(committed, "e");
        write("D", 400, committed, Release.NONE);

        write("E", 500, samePrimary, new Release("D", List.of(committed)));

        assertThat(marked(committed)).isFalse();
    }

    @Test
    void aReleaseThatRedisRefusesDoesNotFailTheWriteThatCarriesIt() {
        String committed = key("f", k -> true);
        String samePrimary = besideOf(committed, "g");
        write("F", 600, committed, Release.NONE);
        // Not a hash any more: the release script's HGET of it fails with WRONGTYPE.
        String mark = writer.layout().markKey(committed);
        redis.del(mark);
        redis.set(mark, "not a mark");

        write("G", 700, samePrimary, new Release("F", List.of(committed)));

        assertThat(redis.get(samePrimary)).isEqualTo("\"G\"");
        assertThat(redis.get(mark)).as("left as it was, for the sweep").isEqualTo("not a mark");
        redis.del(mark);
    }

    private static void write(String tx, long xid, String key, Release release) {
        writer.write(tx, xid, DATABASE, false,
                List.of(EntryWrite.json(key, ("\"" + tx + "\"").getBytes(StandardCharsets.UTF_8), 0)), new boolean[1],
                release);
    }

    private static boolean marked(String key) {
        return redis.exists(writer.layout().markKey(key));
    }

    /** A key of {@code prefix} on the primary of {@code key}, in another slot. */
    private static String besideOf(String key, String prefix) {
        return key(prefix, k -> cluster.primaryOf(k).equals(cluster.primaryOf(key))
                && PrivateRedisCluster.slotOf(k) != PrivateRedisCluster.slotOf(key));
    }

    /** The first of {@code prefix:1}, {@code prefix:2}, … that {@code fits}. */
    private static String key(String prefix, Predicate<String> fits) {
        return IntStream.rangeClosed(1, 10_000).mapToObj(i -> "late:" + prefix + ":" + i).filter(fits).findFirst()
                .orElseThrow();
    }
}
