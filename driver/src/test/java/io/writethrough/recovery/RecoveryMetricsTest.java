package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.writethrough.jdbc.WriteThroughDataSource;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * The marks {@link WriteThroughDriver#recover} resolves are counted by outcome, in the registry bound to the
 * configuration (held by a data source, so the sweep runs in the context the registry is bound to). On a Redis of the
 * test's own, so that no other sweep takes the work.
 */
@ExtendWith(WriteThroughServices.class)
class RecoveryMetricsTest {

    @Test
    void recoverCountsTheOrphansItResolvedByOutcome(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema s = SharedRedisRecoveryTest.users(db, server, redis);
            s.orphan(1, true);
            s.undecidableOrphan(2);
            redis.hset(s.key("user:4"), Map.of("id", "4", "name", "dead value"));
            s.orphan(4, false);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (WriteThroughDataSource dataSource = new WriteThroughDataSource()) {
                dataSource.setUrl(db.writeThroughUrl());
                s.properties().forEach((name, value) -> dataSource.setProperty((String) name, (String) value));
                dataSource.setMeterRegistry(registry);

                SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

                assertThat(result.released()).isEqualTo(1);
                assertThat(result.restored()).isEqualTo(1);
                assertThat(result.refilled()).isEqualTo(1);
            }
            for (String outcome : new String[] {"committed", "aborted", "refilled"}) {
                assertThat(registry.get("writethrough.orphans.resolved").tag("outcome", outcome).counter().count())
                        .as(outcome).isEqualTo(1);
            }
            assertThat(registry.get("writethrough.recovery.sweep").timer().count())
                    .as("the sweep on demand, timed (and the first sweep, if it ran in this context)").isPositive();
            assertThat(registry.get("writethrough.entries.undone").counter().count())
                    .as("the aborted owner's key put back, the undecidable one deleted for the refill").isEqualTo(2);
            assertThat(s.marks()).isZero();
            assertThat(s.hash("user:2")).containsEntry("name", "committed meanwhile");
            assertThat(s.hash("user:4")).as("absent before the aborted owner").isEmpty();
            s.assertConsistent();
        }
    }
}
