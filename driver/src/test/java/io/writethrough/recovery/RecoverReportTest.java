package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * What {@link WriteThroughDriver#recover} reports: the work its sweep did, also when the call is the configuration's
 * first use in the JVM. On a Redis of the test's own, so that no other test run's sweep takes the work.
 */
@ExtendWith(WriteThroughServices.class)
class RecoverReportTest {

    static final int ATTEMPTS = 50;

    @Test
    void recoverReportsTheOrphansItResolvedOnAFreshConfiguration(PrivateRedisServer server) throws Exception {
        List<String> missed = new ArrayList<>();
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try (TestDatabase db = TestDatabase.create()) {
                    PrivateRedisSchema s = SharedRedisRecoveryTest.users(db, server, redis);
                    s.undecidableOrphan(2);

                    SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());

                    assertThat(s.hash("user:2")).as("attempt %d", attempt).containsEntry("name", "committed meanwhile");
                    if (result.marks() != 1 || result.refilled() != 1) {
                        missed.add("attempt " + attempt + ": " + result);
                    }
                }
            }
        }
        assertThat(missed).as("recover() calls that did not report the orphan they resolved, of %d", ATTEMPTS).isEmpty();
    }
}
