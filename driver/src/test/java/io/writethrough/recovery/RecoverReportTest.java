package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
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
    @Disabled("bug: on a configuration that no open connection holds, recover() creates its DriverContext, and"
            + " DriverContext.recovery() calls Recovery.start(), which queues a background sweep before recover() calls"
            + " recoverNow(); both run Recovery.recoverNow (synchronized), and when the background sweep gets the lock first"
            + " it resolves everything and recover() returns marks=0 restored=0 refilled=0: Redis ends right, the report"
            + " is wrong (about 1 call in 20 here; it also makes"
            + " RecoverySweepTest#aKeyWhoseValueBeforeCannotBeDecidedIsRefilledFromTheDatabase flaky)")
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
