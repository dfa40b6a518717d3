package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisCluster;

/** The tool on a Redis Cluster: it scans every primary, and reads and writes each key on its own. */
@ExtendWith(WriteThroughServices.class)
class ClusterCommandsTest {

    @Test
    void warmVerifyAndRepairCoverEveryPrimary(TestDatabase db) throws Exception {
        try (PrivateRedisCluster cluster = PrivateRedisCluster.launch();
             JedisCluster redis = cluster.client()) {
            Shop shop = Shop.createWith(db, "redis.cluster.nodes=" + cluster.seeds(), redis, "cc:");
            try (Connection raw = db.connect()) {
                Shop.fill(raw, 1, 90);
            }
            Cli.Result warm = Cli.run(shop.args("warm", "--batch-size", "13"));
            assertThat(warm.exit()).as("%s", warm).isZero();
            assertThat(warm.lastLine()).isEqualTo("rows=180 written=180 owned=0");
            shop.assertConsistent();
            Set<Integer> holding = new HashSet<>();
            for (String key : shop.keys()) {
                holding.add(cluster.primaryOf(key).port());
            }
            assertThat(holding).as("primaries holding entries").hasSize(3);

            redis.hset("cc:user:3", "name", "tampered");
            redis.del("cc:user:4");
            redis.hset("cc:user:999", Map.of("id", "999", "name", "ghost"));
            Cli.Result found = Cli.run(shop.args("verify"));
            assertThat(found.exit()).as("%s", found).isEqualTo(1);
            assertThat(found.lastLine()).isEqualTo("rows=180 matching=178 missing=1 stale=1 orphan=1");

            Cli.Result repair = Cli.run(shop.args("repair"));
            assertThat(repair.exit()).as("%s", repair).isZero();
            shop.assertConsistent();
            assertThat(Cli.run(shop.args("verify")).lastLine()).isEqualTo("rows=180 matching=180 missing=0 stale=0 orphan=0");
        }
    }
}
