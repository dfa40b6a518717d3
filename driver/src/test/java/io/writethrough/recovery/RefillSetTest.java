package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.redis.UndoStep;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * A key an undo deleted because its value was undecided is refilled even when the process that needed the refill
 * dies first: the undo leaves the key in Redis's refill set, and the next sweep of any driver refills it and takes it
 * out. Without the set the key would stay missing while its row exists.
 */
@ExtendWith(WriteThroughServices.class)
class RefillSetTest {

    @Test
    void aRefillAskedForByAProcessThatDiedIsDoneByTheNextSweep(TestDatabase db, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "rs:", "table.users.key={p}user:{id}");
            String key = s.key("user:1");
            redis.hset(key, Map.of("id", "1", "name", "uncommitted"));
            redis.hset(OwnershipProtocol.markKey(key), Map.of(MarkField.OWNER_TX.field(), "dying:1"));
            // The dying process's undo of a transaction whose COMMIT lost its connection (outcome unknown); it dies
            // before its recovery can refill the key.
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 2_000, 2, DriverMetrics.DISABLED)) {
                assertThat(writer.undo("dying:1", List.of(new UndoStep(key, UndoStep.Mode.INVALIDATE, null)),
                        OwnershipStore.Release.NONE, Set.of(), true)).containsExactly(key);
            }
            assertThat(redis.exists(key)).isFalse();
            assertThat(redis.smembers(OwnershipProtocol.REFILL_PREFIX)).containsExactly(key);

            SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

            assertThat(result.refilled()).as("%s", result).isEqualTo(1);
            assertThat(s.hash("user:1")).isEqualTo(Map.of("id", "1", "name", "a"));
            assertThat(redis.exists(OwnershipProtocol.REFILL_PREFIX)).as("the refill set, once refilled").isFalse();
        }
    }
}
