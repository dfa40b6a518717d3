package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.differential.DifferentialRun;
import io.writethrough.differential.DifferentialTest;
import io.writethrough.differential.RunFigures;
import io.writethrough.differential.Workload;
import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis faults at random and at chosen points — stopped, killed, frozen, slow, cut, refusing, a reply lost, a write
 * delivered late —
 * while the differential workload runs. Each scenario heals the faults, lets the driver retry deferred undos with
 * one more write, and then requires that no entry in Redis differs from its row (absent entries are cache misses),
 * and that no thread, PostgreSQL session or Redis connection was left behind.
 */
@ExtendWith(WriteThroughServices.class)
class RedisFaultsTest {

    private static final int TIMEOUT_MS = 250;
    private static final int POOL_SIZE = 8;
    /**
     * Whether the chaos includes writes delivered late. Off while
     * {@link RollbackUndoTest#aWriteDeliveredLateAfterASavepointRollbackIsUndoneByTheRollback} is disabled: the
     * workload's savepoint rollbacks after a failed write hit that bug within a few hundred transactions.
     */
    private static final boolean LATE_DELIVERY = true;

    static boolean redisFaultError(SQLException e) {
        String state = e.getSQLState();
        return Workload.ordinaryError(e) || "40003".equals(state) || "40000".equals(state);
    }

    @Test
    void workloadUnderRandomRedisFaults(TestDatabase db, PrivateRedisServer server) throws Exception {
        Leaks leaks = Leaks.snapshot();
        long seed = Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL);
        DifferentialRun.Settings settings = new DifferentialRun.Settings(seed, 3,
                Long.getLong("differential.fault.transactions", 1_000), Duration.ofMinutes(10));
        List<String> faults = new ArrayList<>();
        RunFigures figures;
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS)) {
            AtomicBoolean done = new AtomicBoolean();
            Thread chaos = new Thread(() -> chaos(rig, new Random(seed), done, faults), "differential-chaos");
            chaos.start();
            try {
                figures = DifferentialRun.run(settings, rig::connect, RedisFaultsTest::redisFaultError);
            } finally {
                done.set(true);
                chaos.join();
            }
            rig.healAndSettle();
            String line = "redis faults: seed=" + seed + " " + figures + " faults=" + faults.size() + " " + summary(faults)
                    + " leftover marks=" + rig.schema.leftoverMarks().size();
            System.out.println(line);
            DifferentialTest.record(line);
            rig.assertNoStaleEntries("workload under random Redis faults (seed " + seed + ", faults " + faults + ")");
            assertThat(rig.schema.leftoverMarks()).as("ownership marks left after the faults healed and recovery ran").isEmpty();
            assertThat(figures.errorsBySqlState()).as("the faults did reach the workload").containsKey("40003");
            assertThat(Leaks.redisClients(server.host(), server.port(), "writethrough")).as("driver connections to Redis").isLessThanOrEqualTo(POOL_SIZE);
            assertThat(Leaks.sessions(db, rig.schema.applicationName(), Duration.ofSeconds(5))).as("PostgreSQL sessions left").isZero();
        }
        assertThat(leaks.newThreads(Duration.ofSeconds(5))).as("threads left behind").isEmpty();
    }

    /** Applies random faults until {@code done}; every fault is undone before the next. */
    private static void chaos(FaultRig rig, Random random, AtomicBoolean done, List<String> log) {
        try {
            while (!done.get()) {
                pause(20 + random.nextInt(150));
                int pick = random.nextInt(LATE_DELIVERY ? 10 : 9);
                int hold = 50 + random.nextInt(2 * TIMEOUT_MS);
                switch (pick) {
                    case 0 -> {
                        log.add("stall");
                        rig.proxy.stall();
                        pause(hold);
                        rig.proxy.unstall();
                    }
                    case 1 -> {
                        log.add("latency");
                        rig.proxy.setLatency(Duration.ofMillis(random.nextInt(TIMEOUT_MS * 2)));
                        pause(hold);
                        rig.proxy.setLatency(Duration.ZERO);
                    }
                    case 2 -> {
                        log.add("cut");
                        rig.proxy.cutConnections();
                    }
                    case 3 -> {
                        log.add("refuse");
                        rig.proxy.refuseConnections(true);
                        rig.proxy.cutConnections();
                        pause(hold);
                        rig.proxy.refuseConnections(false);
                    }
                    case 4 -> {
                        log.add("stop");
                        rig.server.stop();
                        pause(hold);
                        rig.server.start();
                    }
                    case 5 -> {
                        log.add("kill");
                        rig.server.kill();
                        pause(hold);
                        rig.server.start();
                    }
                    case 6 -> {
                        log.add("freeze");
                        rig.server.pause();
                        pause(hold);
                        rig.server.resume();
                    }
                    case 9 -> {
                        // A write stuck in the network past the timeout, delivered after its transaction's undo.
                        log.add("late-delivery");
                        rig.proxy.cutAtCommand(1 + random.nextInt(3), FaultyProxy.Cut.HOLD);
                        pause(TIMEOUT_MS * 2 + random.nextInt(TIMEOUT_MS));
                        rig.proxy.releaseHeld();
                    }
                    case 7 -> {
                        log.add("reply-lost");
                        rig.proxy.cutAtCommand(1 + random.nextInt(5), FaultyProxy.Cut.BEFORE_REPLY);
                    }
                    default -> { // 8
                        log.add("command-lost");
                        rig.proxy.cutAtCommand(1 + random.nextInt(5), FaultyProxy.Cut.BEFORE_COMMAND);
                    }
                }
            }
        } finally {
            rig.heal();
        }
    }

    private static String summary(List<String> faults) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String f : faults) {
            counts.merge(f, 1, Integer::sum);
        }
        return counts.toString();
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis); // the fault schedule: how long a fault lasts, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- faults at chosen points -------------------------------------------------------------------------------

    @Test
    void redisStoppedBetweenStatementAndCommit(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 5 WHERE id = 1");
            server.stop();
            c.commit(); // the database commits; releasing the marks fails and is only logged
            try (Connection raw = rig.raw(); Statement r = raw.createStatement(); var rs = r.executeQuery("SELECT balance FROM accounts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5);
            }
            rig.healAndSettle();
            rig.assertNoStaleEntries("Redis stopped between statement and commit");
        }
    }

    @Test
    void redisFrozenBetweenStatementAndCommit(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 6 WHERE id BETWEEN 1 AND 5");
            st.executeUpdate("DELETE FROM order_lines WHERE order_id = 1");
            rig.proxy.stall();
            Duration commit = FaultRig.time(c::commit);
            assertThat(commit).as("commit while Redis is frozen").isLessThan(Duration.ofMillis(TIMEOUT_MS + 1000));
            rig.healAndSettle();
            rig.assertExact("Redis frozen between statement and commit (marks released late)");
        }
    }

    @Test
    void replyLostForAPlainBatch(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1"); // loads the scripts
            for (int id = 1; id <= 5; id++) {
                st.addBatch("UPDATE accounts SET balance = balance + 100 WHERE id = " + id);
            }
            // The batch's entries run one by one; their rows go to Redis in one script call, whose reply is lost.
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.BEFORE_REPLY);
            assertThatThrownBy(st::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("40003");
                assertThat(e.getUpdateCounts()).as("every entry ran").hasSize(5);
            });
            rig.healAndSettle();
            rig.assertExact("reply of the batch's write lost (autocommit batch rolled back)");
        }
    }

    @Test
    void connectionCutBetweenTheChunksOfAHugeUpdate(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000)) {
            rig.db.execute("INSERT INTO accounts (id, balance) SELECT g, 1 FROM generate_series(10001, 22000) g");
            for (String pipeline : List.of("statement", "transaction")) {
                try (Connection c = rig.connect(pipeline); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id > 10000"); // 12,000 rows: three script calls
                    for (FaultyProxy.Cut cut : List.of(FaultyProxy.Cut.BEFORE_COMMAND, FaultyProxy.Cut.BEFORE_REPLY)) {
                        c.setAutoCommit(false);
                        rig.proxy.cutAtCommand(2, cut);
                        String update = "UPDATE accounts SET balance = balance + 1 WHERE id > 10000";
                        if (pipeline.equals("statement")) {
                            assertThatThrownBy(() -> st.executeUpdate(update)).isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("40003"));
                        } else {
                            // Sent without waiting: the cut may fail the sending, or only the reading at the rollback.
                            try {
                                st.executeUpdate(update);
                            } catch (SQLException e) {
                                assertThat(e.getSQLState()).isEqualTo("40003");
                            }
                        }
                        c.rollback();
                        c.setAutoCommit(true);
                        rig.healAndSettle();
                        rig.assertExact("connection cut " + cut + " the second chunk of a 12,000-row UPDATE ("
                                + pipeline + ")");
                    }
                }
            }
        }
    }

    @Test
    void slowRedisWithinTheTimeoutIsOnlySlow(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection c = rig.connect(); Statement st = c.createStatement()) {
            rig.proxy.setLatency(Duration.ofMillis(100));
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id < 10");
            st.executeUpdate("INSERT INTO tags (name) VALUES ('slow')");
            c.commit();
            rig.proxy.setLatency(Duration.ZERO);
            rig.assertExact("Redis slow (100 ms per hop) but within its 2 s timeout");
        }
    }
}
