package io.writethrough.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Warming and repairing are safe while applications write: the differential workload runs on 4 threads through the
 * driver over a database whose Redis started empty (a team adopting the driver on existing rows), while warm and
 * repair run over and over until it ends, in chunks of 50 rows so that many lock transactions interleave with the
 * workload's, its occasional TRUNCATE included (where a table is read through a cursor, the command then stops, as it
 * should). Afterwards Redis equals the database by the independent oracle ({@link CacheAssertions}): no entry
 * that warm or repair wrote over a newer value, none resurrected for a row deleted meanwhile, no orphan left, no
 * mark left; and verify agrees.
 */
@ExtendWith(WriteThroughServices.class)
class AuditUnderWorkloadTest {

    static final long TRANSACTIONS = Long.getLong("differential.audit.transactions", 1_500);

    @Test
    void warmAndRepairWhileTheWorkloadWritesLeaveRedisEqualToTheDatabase(TestDatabase db, PrivateRedisServer server)
            throws Exception {
        DifferentialRun.Settings settings = new DifferentialRun.Settings(
                Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL), 4, TRANSACTIONS, Duration.ofMinutes(10));
        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            DifferentialSchema schema = DifferentialSchema.create(db, server.url(), redis, "aw:");
            try (Connection c = schema.connect()) {
                Workload.seed(c);
            }
            // The rows were there before the driver: Redis starts empty.
            for (String key : TestRedis.keysStartingWith(redis, "aw:")) {
                redis.del(key);
            }
            assertThat(schema.differences(MissingKeyPolicy.ALLOW)).isEmpty();

            AuditOptions options = new AuditOptions(List.of(), 50, 0, 10);
            int rounds = 0;
            int stopped = 0;
            try (Connection holder = schema.connect();
                 CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
                CompletableFuture<RunFigures> workload = CompletableFuture.supplyAsync(() -> {
                    try {
                        return DifferentialRun.run(settings, schema::connect, Workload::ordinaryError, true);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                do {
                    try {
                        audit.warm(options, null);
                        audit.repair(options, false, null);
                    } catch (SQLException e) {
                        // A TRUNCATE requested while a cursor holds the table: the command stops to let it through.
                        if (!"55P03".equals(e.getSQLState())) {
                            throw e;
                        }
                        stopped++;
                    }
                    rounds++;
                } while (!workload.isDone());
                RunFigures figures = workload.join();
                assertThat(figures.committed.sum() + figures.autocommitted.sum()).isPositive();
                // Keys an undo could not decide are refilled by recovery (as in DifferentialTest).
                WriteThroughDriver.recover(db.writeThroughUrl(), schema.properties());

                assertThat(schema.differences(MissingKeyPolicy.REPORT))
                        .as("seed %d, %d rounds of warm and repair", settings.seed(), rounds).isEmpty();
                AuditReport verified = audit.verify(options, null);
                assertThat(verified.consistent()).as("verify: %s", verified.differences()).isTrue();
                assertThat(verified.total().rows()).isEqualTo(verified.total().matching()).isPositive();
            }
            assertThat(schema.leftoverMarks()).isEmpty();
            System.out.println("audit under workload: seed " + settings.seed() + ", " + rounds + " rounds of warm and repair, "
                    + stopped + " stopped by a TRUNCATE");
        }
    }
}
