package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many threads, overlapping keys, many rollbacks: afterwards Redis equals the database. */
@ExtendWith(WriteThroughServices.class)
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int TRANSACTIONS = 200;
    private static final int KEYS = 20;

    @Test
    void eightThreadsOnOverlappingKeysWithThirtyPercentRollbacks(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL, label text)",
                "CREATE TABLE docs (id int PRIMARY KEY, n int NOT NULL)");
        MappedSchema s = MappedSchema.of(db, redis, "table.counters.key={p}c:{id}", "table.docs.key={p}d:{id}", "table.docs.format=json");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.writeThroughUrl());
        config.setDataSourceProperties(s.properties());
        config.setMaximumPoolSize(THREADS);
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicInteger deadlocks = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService executor = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000 + t;
                futures.add(executor.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < TRANSACTIONS; i++) {
                        try (Connection c = pool.getConnection()) {
                            c.setAutoCommit(false);
                            try {
                                for (int op = 0; op < 3; op++) {
                                    step(c, random);
                                }
                                if (random.nextInt(100) < 30) {
                                    c.rollback();
                                    rolledBack.incrementAndGet();
                                } else {
                                    c.commit();
                                }
                            } catch (SQLException e) {
                                // Deadlocks between the threads are expected; the transaction is rolled back.
                                if (!"40P01".equals(e.getSQLState())) {
                                    throw e;
                                }
                                deadlocks.incrementAndGet();
                                c.rollback();
                            }
                        }
                    }
                    return null;
                }));
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(rolledBack.get()).isGreaterThan(THREADS * TRANSACTIONS / 5);
        s.assertConsistent();
    }

    private static void step(Connection c, Random random) throws SQLException {
        int id = random.nextInt(KEYS);
        switch (random.nextInt(5)) {
            case 0 -> run(c, "INSERT INTO counters VALUES (?, 1, 'new') ON CONFLICT (id) DO UPDATE SET n = counters.n + 1", id);
            case 1 -> run(c, "UPDATE counters SET n = n + 1, label = 'upd' WHERE id = ?", id);
            case 2 -> run(c, "DELETE FROM counters WHERE id = ?", id);
            case 3 -> run(c, "INSERT INTO docs VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET n = docs.n * 2 % 1000", id);
            default -> run(c, "DELETE FROM docs WHERE id = ?", id);
        }
    }

    private static void run(Connection c, String sql, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }
}
