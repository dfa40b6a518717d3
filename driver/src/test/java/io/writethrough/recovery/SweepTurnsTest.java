package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.testing.CommandStats;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * The instances of one configuration take turns at the timed sweep (a sweep scans the whole keyspace, so a fleet
 * sweeping once per instance would multiply that cost): while one holds the turn, another's timed sweep does not
 * scan; once the turn is free, it does. A sweep on demand ({@code recover}) and the instances of another
 * configuration do not wait for the turn.
 */
@ExtendWith(WriteThroughServices.class)
class SweepTurnsTest {

    private static final String MAPPING = "table.users.key={p}user:{id}";

    @Test
    void theInstancesOfOneConfigurationTakeTurns(TestDatabase db, PrivateRedisServer server) throws Exception {
        withTwoInstances(db, server, 60_000, 60_000, (first, second, redis) -> {
            long before = CommandStats.calls(redis, "scan");

            assertThat(first.sweepOnTurn()).isTrue();
            long afterFirst = CommandStats.calls(redis, "scan");
            assertThat(afterFirst).as("the first instance swept").isGreaterThan(before);

            assertThat(second.sweepOnTurn()).as("the turn is the first instance's").isFalse();
            assertThat(CommandStats.calls(redis, "scan")).as("the second instance did not scan").isEqualTo(afterFirst);
            assertThat(second.schedule().pauseMillis()).isEqualTo(60_000);

            second.recoverNow();
            long afterDemand = CommandStats.calls(redis, "scan");
            assertThat(afterDemand).as("on demand, it sweeps").isGreaterThan(afterFirst);

            // The holder's own turn is its own, even before its hold expires.
            assertThat(first.sweepOnTurn()).isTrue();
            assertThat(CommandStats.calls(redis, "scan")).isGreaterThan(afterDemand);
        });
    }

    @Test
    void aTurnNoLongerHeldPassesToAnotherInstance(TestDatabase db, PrivateRedisServer server) throws Exception {
        withTwoInstances(db, server, 200, 200, (first, second, redis) -> {
            assertThat(first.sweepOnTurn()).isTrue();
            // The first instance holds the turn for its pause (200 ms here); then the second may take it.
            Poll.until("the second instance's turn", Duration.ofSeconds(10),
                    () -> second.sweepOnTurn() ? null : "the turn is still held");
            assertThat(first.sweepOnTurn()).as("now the second instance holds it").isFalse();
        });
    }

    @Test
    void anotherConfigurationSweepsOnItsOwnTurns(TestDatabase db, PrivateRedisServer server) throws Exception {
        withTwoInstances(db, server, 60_000, 30_000, (app, tool, redis) -> {
            assertThat(app.sweepOnTurn()).isTrue();
            assertThat(tool.sweepOnTurn()).as("another timer: another fleet").isTrue();
        });
    }

    /** Two recoveries of the same mapping on one private Redis, with these timers; none started. */
    private static void withTwoInstances(TestDatabase db, PrivateRedisServer server, long firstInterval,
            long secondInterval, TwoInstances test) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "st:", MAPPING);
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 5_000, 2, DriverMetrics.DISABLED);
                    Recovery first = recovery(writer, s, db, firstInterval);
                    Recovery second = recovery(writer, s, db, secondInterval)) {
                test.run(first, second, redis);
            }
        }
    }

    @FunctionalInterface
    private interface TwoInstances {
        void run(Recovery first, Recovery second, RedisClient redis) throws Exception;
    }

    private static Recovery recovery(RedisWriter writer, PrivateRedisSchema s, TestDatabase db, long intervalMillis) {
        return new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), db::connect, intervalMillis,
                DriverMetrics.DISABLED);
    }
}
