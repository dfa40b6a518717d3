package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commands themselves, run while an application writes: a thread updates, upserts and deletes users through the
 * driver (autocommit, and transactions that commit or roll back) over rows that were there before the driver, while
 * {@code warm} and {@code repair} run one after the other, three times, in chunks of 50. Afterwards Redis equals the
 * database by the independent oracle and {@code verify} exits 0. (The differential workload does the same at the
 * engine's level: {@code AuditUnderWorkloadTest} in the driver.)
 */
@ExtendWith(WriteThroughServices.class)
class ToolUnderWritesTest {

    @Test
    void warmAndRepairWhileAWriterWritesThroughTheDriver(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        try (Connection raw = db.connect()) {
            Shop.fill(raw, 1, 2_000);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(shop, stop, writes));
        try {
            for (int round = 0; round < 3; round++) {
                Cli.Result warm = Cli.run(shop.args("warm", "--batch-size", "50"));
                assertThat(warm.exit()).as("%s", warm).isZero();
                Cli.Result repair = Cli.run(shop.args("repair", "--batch-size", "50"));
                assertThat(repair.exit()).as("%s", repair).isZero();
            }
        } finally {
            stop.set(true);
        }
        writer.join();
        assertThat(writes.get()).as("writes made while the tool ran").isPositive();
        shop.assertConsistent();
        Cli.Result verify = Cli.run(shop.args("verify"));
        assertThat(verify.exit()).as("%s", verify).isZero();
    }

    private static void write(Shop shop, AtomicBoolean stop, AtomicLong writes) {
        Random random = new Random();
        try (Connection c = shop.connect();
             PreparedStatement update = c.prepareStatement("UPDATE users SET name = ?, score = score + 1 WHERE id = ?");
             PreparedStatement upsert = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?) "
                     + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name");
             PreparedStatement delete = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            while (!stop.get()) {
                boolean transaction = random.nextInt(3) == 0;
                c.setAutoCommit(!transaction);
                for (int i = 0; i < (transaction ? 3 : 1); i++) {
                    int id = 1 + random.nextInt(2_200);
                    PreparedStatement statement = switch (random.nextInt(4)) {
                        case 0 -> delete;
                        case 1 -> upsert;
                        default -> update;
                    };
                    statement.setInt(1, id);
                    if (statement == update) {
                        statement.setString(1, "written " + writes.get());
                        statement.setInt(2, id);
                    } else if (statement == upsert) {
                        statement.setString(2, "upserted " + writes.get());
                    }
                    statement.executeUpdate();
                    writes.incrementAndGet();
                }
                if (transaction) {
                    if (random.nextBoolean()) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the writer failed: " + e.getMessage(), e);
        }
    }
}
