package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * A recovery sweep scans the whole keyspace, so on a large one the timed sweeps are spaced by how long a sweep takes
 * ({@link SweepSchedule#PAUSE_PER_SWEEP_TIME} times as long), not only by {@code recovery.interval.ms}: sweeping takes at
 * most about 1 % of the time, however many keys the application keeps in that Redis.
 */
@ExtendWith(WriteThroughServices.class)
class SweepPacingTest {

    private static final int KEYS = 200_000;

    @Test
    void aSweepOfALargeKeyspacePushesTheNextOneOut(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "sp:", "table.users.key={p}user:{id}");
            fill(redis, KEYS);
            // A timer of 1 ms: at a fixed pause the sweeps would follow one another all the time.
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 5_000, 2, DriverMetrics.DISABLED);
                    Recovery recovery = new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), db::connect,
                            1, DriverMetrics.DISABLED)) {
                recovery.start(false);
                Poll.until("a timed sweep", Duration.ofSeconds(30),
                        () -> recovery.schedule().pauseMillis() > 0 ? null : "none yet");

                // 200 SCAN calls take some milliseconds on any machine: the pause is at least 99 times that.
                assertThat(recovery.schedule().pauseMillis()).isGreaterThanOrEqualTo(500);
            }
        }
    }

    @Test
    void aShortSweepWaitsTheInterval(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "si:", "table.users.key={p}user:{id}");
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 5_000, 2, DriverMetrics.DISABLED);
                    Recovery recovery = new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), db::connect,
                            10_000, DriverMetrics.DISABLED)) {
                assertThat(recovery.schedule().pauseAfter(5)).isEqualTo(10_000);
                assertThat(recovery.schedule().pauseAfter(101)).isEqualTo(10_000);
                assertThat(recovery.schedule().pauseAfter(1_000)).isEqualTo(99_000);
            }
        }
    }

    /**
     * Pacing spares Redis: it goes by how long a sweep's keyspace {@code SCAN} took, not by the database's part. Here
     * every sweep's database connection takes 300 ms to open (a slow or busy database) over a keyspace of a few keys:
     * the next sweep still comes after the interval, not 99 times 300 ms later.
     */
    @Test
    void aSweepSlowedByTheDatabaseWaitsOnlyTheInterval(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "sd:", "table.users.key={p}user:{id}");
            Recovery.ConnectionSource slowDatabase = () -> {
                try {
                    Thread.sleep(300); // a slow database, not synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return db.connect();
            };
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 5_000, 2, DriverMetrics.DISABLED);
                    Recovery recovery = new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), slowDatabase,
                            5_000, DriverMetrics.DISABLED)) {
                assertThat(recovery.sweepOnTurn()).as("the turn is free").isTrue();
                assertThat(recovery.schedule().pauseMillis()).isEqualTo(5_000);
            }
        }
    }

    /** {@code count} plain keys that no mapping renders: the rest of an application's keyspace. */
    private static void fill(RedisClient redis, int count) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int from = 0; from < count; from += 1_000) {
                List<String> pairs = new ArrayList<>(2_000);
                for (int i = from; i < Math.min(count, from + 1_000); i++) {
                    pairs.add("other:" + i);
                    pairs.add("v");
                }
                pipeline.mset(pairs.toArray(String[]::new));
            }
            pipeline.sync();
        }
        assertThat(redis.dbSize()).isGreaterThanOrEqualTo(count);
    }
}
