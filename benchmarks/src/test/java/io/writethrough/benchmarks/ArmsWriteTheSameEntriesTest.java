package io.writethrough.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.ServiceResolver;
import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The comparison is fair only if the hand-written arm keeps Redis as the driver does. Each arm runs the benchmarks'
 * operations on its own schema; afterwards Redis matches the table, and both arms hold the same entries. On rollback
 * the hand-written arm deletes the keys it wrote (a cache miss), where the driver restores what they held.
 */
class ArmsWriteTheSameEntriesTest {

    private static final RedisClient REDIS = ServiceResolver.redisClient();

    @Test
    void committedWritesLeaveTheSameEntriesInBothArms() throws Exception {
        Map<String, Map<String, String>> hand = entriesAfterCommittedWrites(Arm.HAND);
        Map<String, Map<String, String>> driver = entriesAfterCommittedWrites(Arm.DRIVER);

        assertThat(hand).isEqualTo(driver).hasSize(100 + 1 + 4);
        assertThat(entriesAfterCommittedWrites(Arm.HAND_PIPELINED)).isEqualTo(hand);
        assertThat(entriesAfterCommittedWrites(Arm.DRIVER_PIPELINED)).isEqualTo(driver);
        assertThat(hand.get("item:7")).containsEntry("qty", "8").containsEntry("price", "0.07").doesNotContainKey("note");
        assertThat(hand.get("item:1000")).containsEntry("name", "item 1000").containsEntry("note", "new");
    }

    @Test
    void rollbackRestoresEntriesInTheDriverAndDeletesThemByHand() throws Exception {
        for (Arm arm : new Arm[] {Arm.HAND, Arm.HAND_PIPELINED, Arm.DRIVER, Arm.DRIVER_PIPELINED}) {
            try (ItemsSchema schema = ItemsSchema.create(); ItemsApplication app = ItemsApplication.of(arm, schema);
                 Connection c = schema.connect(arm); Connection raw = schema.connect(Arm.RAW)) {
                schema.seed(20);
                Map<String, String> before = REDIS.hgetAll(schema.keyPrefix() + "item:10");
                c.setAutoCommit(false);

                app.fiveStatementTransaction(c, 1_002, 10, 11, false);

                CacheAssertions.assertNoStaleEntries(raw, REDIS, schema.mapping().tables());
                if (arm == Arm.DRIVER || arm == Arm.DRIVER_PIPELINED) {
                    CacheAssertions.assertRedisMatchesDatabase(raw, REDIS, schema.mapping().tables());
                    assertThat(REDIS.hgetAll(schema.keyPrefix() + "item:10")).isEqualTo(before);
                } else {
                    assertThat(REDIS.exists(schema.keyPrefix() + "item:10")).isFalse();
                }
                assertThat(REDIS.exists(schema.keyPrefix() + "item:1002")).isFalse();
            }
        }
    }

    @Test
    void rawArmWritesNothingToRedis() throws Exception {
        try (ItemsSchema schema = ItemsSchema.create(); ItemsApplication app = ItemsApplication.of(Arm.RAW, schema);
             Connection c = schema.connect(Arm.RAW)) {
            assertThat(app.insert(c, 1)).isEqualTo(1);
            assertThat(REDIS.exists(schema.keyPrefix() + "item:1")).isFalse();
        }
    }

    /** Seeds 100 rows, runs the committed operations, checks Redis against the table and returns the entries. */
    private static Map<String, Map<String, String>> entriesAfterCommittedWrites(Arm arm) throws Exception {
        try (ItemsSchema schema = ItemsSchema.create(); ItemsApplication app = ItemsApplication.of(arm, schema);
             Connection c = schema.connect(arm); Connection raw = schema.connect(Arm.RAW)) {
            schema.seed(100);
            assertThat(app.insert(c, 1_000)).isEqualTo(1);
            assertThat(app.updateByKey(c, 7)).isEqualTo(1);
            c.setAutoCommit(false);
            assertThat(app.fiveStatementTransaction(c, 1_001, 8, 9, true)).isEqualTo(5);
            assertThat(app.insertBatch(c, 2_000, 4)).isEqualTo(4);
            c.setAutoCommit(true);

            CacheAssertions.assertRedisMatchesDatabase(raw, REDIS, schema.mapping().tables());
            Map<String, Map<String, String>> entries = new TreeMap<>();
            for (String key : REDIS.keys(schema.keyPrefix() + "*")) {
                entries.put(key.substring(schema.keyPrefix().length()), new TreeMap<>(REDIS.hgetAll(key)));
            }
            return entries;
        }
    }
}
