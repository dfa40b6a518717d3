package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * One cluster for the whole class (six processes take a few seconds to form one); every test leaves it stable,
 * with three primaries and three replicas, and starts from an empty one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateRedisClusterTest {

    private PrivateRedisCluster cluster;
    private RedisClusterClient client;

    @BeforeAll
    void launch() {
        long start = System.nanoTime();
        cluster = PrivateRedisCluster.launch();
        System.out.printf("cluster launch: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        client = client(cluster);
    }

    @AfterAll
    void close() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void empty() {
        cluster.flushAll();
    }

    @Test
    void formsWithThreePrimariesAndThreeReplicasAndServesEverySlot() {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.primaries()).hasSize(3);
        assertThat(cluster.replicas()).hasSize(3);
        assertThat(cluster.seeds().split(",")).hasSize(6)
                .allSatisfy(seed -> assertThat(seed).matches("127\\.0\\.0\\.1:\\d+"));
        for (PrivateRedisServer primary : cluster.primaries()) {
            assertThat(cluster.replicasOf(primary)).hasSize(1);
        }

        // One key in every slot, through a cluster client that knows the nodes only from seeds().
        String[] keyOfSlot = keyInEverySlot("every:");
        client.refreshClusterTopology(); // a pipeline does not follow MOVED, and other tests moved slots
        try (ClusterPipeline pipeline = client.pipelined()) {
            for (String key : keyOfSlot) {
                pipeline.set(key, key);
            }
            pipeline.sync();
        }
        assertThat(cluster.keyCount()).isEqualTo(PrivateRedisCluster.SLOTS);
        assertThat(cluster.keys("every:*")).hasSize(PrivateRedisCluster.SLOTS);
        assertThat(client.get(keyOfSlot[0])).isEqualTo(keyOfSlot[0]);
        assertThat(client.get(keyOfSlot[PrivateRedisCluster.SLOTS - 1])).isEqualTo(keyOfSlot[PrivateRedisCluster.SLOTS - 1]);

        BitSet all = new BitSet();
        for (PrivateRedisServer primary : cluster.primaries()) {
            BitSet slots = cluster.slotsOf(primary);
            assertThat(slots.intersects(all)).isFalse();
            all.or(slots);
            try (Jedis jedis = jedis(primary)) {
                assertThat(jedis.dbSize()).isEqualTo(slots.cardinality());
            }
        }
        assertThat(all.cardinality()).isEqualTo(PrivateRedisCluster.SLOTS);
    }

    @Test
    void slotOfIsRedisOwnAndHonoursHashTags() {
        try (Jedis jedis = jedis(cluster.nodes().get(0))) {
            for (String key : List.of("", "a", "user:1", "{user:1}:orders", "foo{}{bar}", "{}x", "€uro", "x{y}z{w}")) {
                assertThat(PrivateRedisCluster.slotOf(key)).as(key).isEqualTo((int) jedis.clusterKeySlot(key));
            }
        }
        assertThat(PrivateRedisCluster.slotOf("{user:1}:orders")).isEqualTo(PrivateRedisCluster.slotOf("user:1"));
        int slot = PrivateRedisCluster.slotOf("some-key");
        assertThat(cluster.primaryOf("some-key")).isEqualTo(cluster.primaryOfSlot(slot));
        assertThat(cluster.slotsOf(cluster.primaryOfSlot(slot)).get(slot)).isTrue();
    }

    @Test
    void manualFailoverPromotesTheReplicaAndKeepsEveryKey() {
        PrivateRedisServer primary = cluster.primaries().get(0);
        PrivateRedisServer replica = cluster.replicasOf(primary).get(0);
        Map<String, String> written = writeKeys("failover:", 500);

        long start = System.nanoTime();
        PrivateRedisServer promoted = cluster.failover(primary);
        System.out.printf("manual failover: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        assertThat(promoted).isEqualTo(replica);
        assertThat(cluster.primaries()).contains(replica).doesNotContain(primary);
        assertThat(cluster.replicasOf(replica)).containsExactly(primary);
        try (Jedis jedis = jedis(replica)) {
            assertThat(jedis.role().get(0)).isEqualTo("master");
        }
        assertThat(cluster.keyCount()).isEqualTo(written.size());
        written.forEach((key, value) -> assertThat(client.get(key)).isEqualTo(value));

        // And back, so that the cluster looks as before.
        assertThat(cluster.failover(replica)).isEqualTo(primary);
        written.forEach((key, value) -> assertThat(client.get(key)).isEqualTo(value));
    }

    @Test
    void killedPrimaryIsReplacedByItsReplicaAndRejoinsAsReplicaWhenRestarted() {
        PrivateRedisServer primary = cluster.primaries().get(1);
        PrivateRedisServer replica = cluster.replicasOf(primary).get(0);
        Map<String, String> written = writeKeys("kill:", 300);
        cluster.awaitReplication(primary); // so that the crash loses nothing

        long start = System.nanoTime();
        PrivateRedisServer promoted = cluster.killPrimary(primary);
        System.out.printf("kill-primary promotion: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        assertThat(promoted).isEqualTo(replica);
        assertThat(primary.isRunning()).isFalse();
        assertThat(cluster.primaries()).hasSize(3).contains(replica);
        written.forEach((key, value) -> assertThat(client.get(key)).isEqualTo(value));
        client.set("kill:after", "yes");

        start = System.nanoTime();
        cluster.restart(primary);
        System.out.printf("restart as replica: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(cluster.replicasOf(replica)).containsExactly(primary);
        try (Jedis jedis = jedis(primary)) {
            assertThat(jedis.role().get(0)).isEqualTo("slave");
            assertThat(jedis.dbSize()).isPositive();
        }
        try (Jedis restarted = jedis(primary); Jedis successor = jedis(replica)) {
            assertThat(restarted.dbSize()).isEqualTo(successor.dbSize());
        }
        cluster.failover(replica); // the original roles again
    }

    @Test
    void migrationMovesTheSlotsKeysAndItsOwner() {
        int slot = PrivateRedisCluster.slotOf("{moving}");
        PrivateRedisServer source = cluster.primaryOfSlot(slot);
        PrivateRedisServer target = otherPrimary(source);
        Map<String, String> written = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            written.put("{moving}:" + i, "v" + i);
        }
        written.forEach(client::set);

        cluster.migrateSlot(slot, target);

        assertThat(cluster.primaryOfSlot(slot)).isEqualTo(target);
        assertThat(cluster.slotsOf(source).get(slot)).isFalse();
        assertThat(cluster.slotsOf(target).get(slot)).isTrue();
        try (Jedis jedis = jedis(target)) {
            assertThat(jedis.clusterCountKeysInSlot(slot)).isEqualTo(written.size());
        }
        try (Jedis jedis = jedis(source)) {
            assertThat(jedis.clusterCountKeysInSlot(slot)).isZero();
            assertThatThrownBy(() -> jedis.get("{moving}:1")).isInstanceOf(JedisMovedDataException.class);
        }
        written.forEach((key, value) -> assertThat(client.get(key)).isEqualTo(value));

        cluster.migrateSlot(slot, source);
        assertThat(cluster.primaryOfSlot(slot)).isEqualTo(source);
    }

    @Test
    void aMigrationInStepsOpensTheAskAndTryAgainWindows() {
        int slot = PrivateRedisCluster.slotOf("{steps}");
        PrivateRedisServer source = cluster.primaryOfSlot(slot);
        PrivateRedisServer target = otherPrimary(source);
        client.set("{steps}:a", "1");
        client.set("{steps}:b", "2");

        SlotMigration migration = cluster.beginMigration(slot, target);
        assertThat(migration.moveKey("{steps}:a")).isTrue();
        assertThat(migration.moveKey("{steps}:a")).isFalse();
        assertThat(migration.keysLeft()).isEqualTo(1);
        try (Jedis jedis = jedis(source)) {
            assertThat(jedis.get("{steps}:b")).isEqualTo("2");
            assertThatThrownBy(() -> jedis.get("{steps}:a")).isInstanceOf(JedisAskDataException.class);
            assertThatThrownBy(() -> jedis.mget("{steps}:a", "{steps}:b"))
                    .isInstanceOf(JedisDataException.class).hasMessageStartingWith("TRYAGAIN");
        }
        assertThat(client.get("{steps}:a")).isEqualTo("1"); // the client follows ASK
        assertThatThrownBy(() -> migration.moveKey("elsewhere")).isInstanceOf(IllegalArgumentException.class);

        migration.finish();
        assertThat(migration.isFinished()).isTrue();
        assertThat(cluster.primaryOfSlot(slot)).isEqualTo(target);
        assertThat(client.mget("{steps}:a", "{steps}:b")).containsExactly("1", "2");
        cluster.migrateSlot(slot, source);
    }

    @Test
    void slotsMoveInTheBackgroundWhileAClientWrites() throws Exception {
        PrivateRedisServer source = cluster.primaries().get(0);
        PrivateRedisServer target = cluster.primaries().get(1);
        int from = cluster.slotsOf(source).nextSetBit(0);
        int to = from + 49;

        AtomicBoolean writing = new AtomicBoolean(true);
        Map<String, String> written = new HashMap<>();
        String[] keyOfSlot = keyInEverySlot("bg:");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int round = 0; writing.get() || round < 2; round++) {
                for (int slot = from; slot <= to; slot++) {
                    String key = keyOfSlot[slot] + ":" + round;
                    client.set(key, "r" + round);
                    written.put(key, "r" + round);
                }
            }
        });
        long start = System.nanoTime();
        CompletableFuture<Void> migration = cluster.migrateSlotsInBackground(from, to, target);
        migration.get(60, TimeUnit.SECONDS);
        System.out.printf("50 slots moved under writes: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        writing.set(false);
        writer.get(30, TimeUnit.SECONDS);

        for (int slot = from; slot <= to; slot++) {
            assertThat(cluster.primaryOfSlot(slot)).isEqualTo(target);
        }
        assertThat(cluster.keyCount()).isEqualTo(written.size());
        written.forEach((key, value) -> assertThat(client.get(key)).isEqualTo(value));

        cluster.migrateSlots(from, to, source);
        assertThat(cluster.primaryOfSlot(from)).isEqualTo(source);
    }

    @Test
    void closeKillsEveryNodeAndDeletesTheirDirectories() {
        PrivateRedisCluster own = PrivateRedisCluster.launch();
        List<Path> directories = own.nodes().stream().map(PrivateRedisServer::directory).toList();
        assertThat(directories).allSatisfy(d -> assertThat(d.resolve("nodes.conf")).exists());
        own.close();
        assertThat(own.nodes()).noneMatch(PrivateRedisServer::isRunning);
        assertThat(directories).noneMatch(Files::exists);
    }

    private Map<String, String> writeKeys(String prefix, int count) {
        Map<String, String> written = new HashMap<>();
        for (int i = 0; i < count; i++) {
            written.put(prefix + i, "value-" + i);
        }
        try (ClusterPipeline pipeline = client.pipelined()) {
            written.forEach(pipeline::set);
            pipeline.sync();
        }
        return written;
    }

    private PrivateRedisServer otherPrimary(PrivateRedisServer primary) {
        return cluster.primaries().stream().filter(p -> !p.equals(primary)).findFirst().orElseThrow();
    }

    /** For each slot a key of it, {@code prefix} followed by a number. */
    private static String[] keyInEverySlot(String prefix) {
        String[] keys = new String[PrivateRedisCluster.SLOTS];
        int found = 0;
        for (int i = 0; found < keys.length; i++) {
            String key = prefix + i;
            int slot = PrivateRedisCluster.slotOf(key);
            if (keys[slot] == null) {
                keys[slot] = key;
                found++;
            }
        }
        return keys;
    }

    private static RedisClusterClient client(PrivateRedisCluster cluster) {
        Set<HostAndPort> seeds = Arrays.stream(cluster.seeds().split(","))
                .map(HostAndPort::from).collect(Collectors.toSet());
        return RedisClusterClient.builder()
                .nodes(seeds)
                .clientConfig(config())
                .maxAttempts(20)
                .maxTotalRetriesDuration(Duration.ofSeconds(20))
                .build();
    }

    private static Jedis jedis(PrivateRedisServer node) {
        return new Jedis(new HostAndPort(node.host(), node.port()), config());
    }

    private static DefaultJedisClientConfig config() {
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(2000)
                .autoNegotiateProtocol(false).build();
    }
}
