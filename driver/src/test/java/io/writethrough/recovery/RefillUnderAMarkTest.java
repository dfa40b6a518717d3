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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * A refill that finds a transaction owning its key is not done: it looks again once the owner is gone. The case that
 * needs it: an undo deleted a key whose value it could not decide (a refill is asked for); before the refill ran, a
 * transaction wrote the key (its before-image: absent) and rolled back in the database, its undo still waiting (Redis
 * failed over meanwhile). Counting that key as refilled and then running the owner's undo would leave the key
 * missing for good while its row exists.
 */
@ExtendWith(WriteThroughServices.class)
class RefillUnderAMarkTest {

    @Test
    void aKeyAnAbortedOwnerStillHoldsIsRefilledOnceItsUndoHasRun(TestDatabase db, PrivateRedisServer server)
            throws Exception {
        withAnOwnedKey(db, server, "rm:", (s, redis, recovery) -> {
            recovery.refill(List.of(s.key("user:1")));
            Poll.until("the refill to run into the owner's mark", Duration.ofSeconds(10),
                    () -> CommandStats.scriptCalls(redis) > 0 ? null : "no script call yet");
            assertThat(s.hash("user:1")).as("an owner's value is not overwritten").containsEntry("name", "uncommitted");

            // The sweep undoes the owner as its own rollback would: the entry goes back to absent, the mark goes.
            SweepResult result = recovery.recoverNow();

            assertThat(result.restored()).isEqualTo(1);
            assertThat(result.refilled()).as("the refill still pending: %s", result).isEqualTo(1);
            assertThat(s.hash("user:1")).isEqualTo(Map.of("id", "1", "name", "a"));
            assertThat(s.marks()).isZero();
        });
    }

    /**
     * A mark nobody resolves yet (no timer runs here) keeps its key pending; the tries come less and less often, so an
     * orphan waiting for the next sweep costs a query every two seconds. Once the sweep has resolved it, the key is
     * refilled.
     */
    @Test
    void aKeyThatStaysOwnedIsTriedLessOften(TestDatabase db, PrivateRedisServer server) throws Exception {
        withAnOwnedKey(db, server, "rb:", (s, redis, recovery) -> {
            recovery.refill(List.of(s.key("user:1")));
            Poll.until("the pause between tries to reach its longest", Duration.ofSeconds(15),
                    () -> recovery.retryMillis() == Recovery.REFILL_RETRY_MAX_MILLIS ? null
                            : "pause " + recovery.retryMillis() + " ms");
            assertThat(s.hash("user:1")).containsEntry("name", "uncommitted");

            SweepResult result = recovery.recoverNow();

            assertThat(result.refilled()).isEqualTo(1);
            assertThat(result.pending()).isZero();
            assertThat(s.hash("user:1")).isEqualTo(Map.of("id", "1", "name", "a"));
        });
    }

    @FunctionalInterface
    private interface OwnedKeyCase {
        void run(PrivateRedisSchema s, RedisClient redis, Recovery recovery) throws Exception;
    }

    /**
     * {@code users} row 1 is 'a'; its entry holds 'uncommitted' under the mark of an aborted owner that wrote over an
     * absent entry (the absence an undecided undo left), its undo not run yet; a recovery without a timer.
     */
    private static void withAnOwnedKey(TestDatabase db, PrivateRedisServer server, String prefix, OwnedKeyCase test)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a')");
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, prefix, "table.users.key={p}user:{id}");
            redis.hset(s.key("user:1"), Map.of("id", "1", "name", "uncommitted"));
            s.orphan(1, false);
            try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(s.config()), 2_000, 2, DriverMetrics.DISABLED);
                    Recovery recovery = new Recovery(writer, new PostgresDialect(), s.config(), db.schema(), db::connect,
                            0, DriverMetrics.DISABLED)) {
                test.run(s, redis, recovery);
            }
        }
    }
}
