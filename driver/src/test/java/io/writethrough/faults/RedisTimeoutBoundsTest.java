package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Redis unreachable in each way it can be — frozen behind a stalled network, the process stopped (SIGSTOP),
 * refusing connections, shut down — no JDBC call hangs: each is timed with a clock around the call and bounded by a
 * multiple of {@code writethrough.redis.timeout.ms} plus {@value #SLACK_MS} ms for the database's own work. Every
 * scenario ends with the no-stale-entry check.
 */
@ExtendWith(WriteThroughServices.class)
class RedisTimeoutBoundsTest {

    static final int TIMEOUT_MS = 500;
    static final int SLACK_MS = 300;

    enum Fault { NETWORK_STALL, PROCESS_FROZEN, REFUSING, SHUT_DOWN }

    static void apply(FaultRig rig, Fault fault) {
        switch (fault) {
            case NETWORK_STALL -> rig.proxy.stall();
            case PROCESS_FROZEN -> rig.server.pause();
            case REFUSING -> {
                rig.proxy.refuseConnections(true);
                rig.proxy.cutConnections();
            }
            case SHUT_DOWN -> rig.server.stop();
        }
    }

    static void heal(FaultRig rig) {
        if (rig.server.isRunning()) {
            try {
                rig.server.resume();
            } catch (IllegalStateException e) {
                // not paused
            }
        }
        rig.heal();
    }

    /** Every call measured in every fault, in milliseconds, for the report. */
    static Map<String, Long> measure(FaultRig rig) throws Exception {
        Map<String, Long> times = new LinkedHashMap<>();
        for (Fault fault : Fault.values()) {
            try (Connection c = rig.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");

                apply(rig, fault);
                times.put(fault + " autocommit UPDATE", millis(FaultRig.time(() ->
                        st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 2"))));
                c.setAutoCommit(false);
                times.put(fault + " UPDATE in a transaction", millis(FaultRig.time(() ->
                        st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 3"))));
                times.put(fault + " commit of a doomed transaction", millis(FaultRig.time(c::commit)));
                heal(rig);
                rig.healAndSettle();

                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 4");
                apply(rig, fault);
                times.put(fault + " commit", millis(FaultRig.time(c::commit)));
                heal(rig);
                rig.healAndSettle();

                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 5");
                apply(rig, fault);
                times.put(fault + " rollback", millis(FaultRig.time(c::rollback)));
                times.put(fault + " unmapped INSERT", millis(FaultRig.time(() ->
                        st.executeUpdate("INSERT INTO audit (what) VALUES ('redis is down')"))));
                c.setAutoCommit(true);
                heal(rig);
                rig.healAndSettle();

                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 6"); // its marks wait for the next call
                c.setAutoCommit(false);
                apply(rig, fault);
                FaultRig.time(() -> st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 7"));
                times.put(fault + " close after a failed write", millis(FaultRig.time(c::close)));
                heal(rig);
                rig.healAndSettle();
                rig.assertNoStaleEntries("after " + fault);
            }
        }
        return times;
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    /**
     * Every call comes back within one Redis timeout (plus slack): a call that has waited for Redis once leaves the rest
     * of its Redis work (an undo) to the background retrier, and a broken connection is not replaced on the spot.
     */
    @Test
    void noCallHangsWhileRedisIsUnreachable(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS)) {
            Map<String, Long> times = measure(rig);
            String line = "redis timeout bounds (timeout " + TIMEOUT_MS + " ms): " + times;
            System.out.println(line);
            DifferentialTest.record(line);
            List<String> over = new ArrayList<>();
            times.forEach((call, ms) -> {
                if (ms > TIMEOUT_MS + SLACK_MS) {
                    over.add(call + " took " + ms + " ms");
                }
            });
            assertThat(over).as("calls that waited longer than the Redis timeout (%d ms) + %d ms", TIMEOUT_MS, SLACK_MS).isEmpty();
            rig.healAndSettle();
            rig.assertNoStaleEntries("after the timeout measurements");
        }
    }

    @Test
    void aFailedAutocommitWriteRefusesWithTheRedisError(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS); Connection c = rig.connect(); Statement st = c.createStatement()) {
            rig.proxy.stall();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 77 WHERE id = 7"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("40003");
                        assertThat(e.getMessage()).contains(FaultRig.PREFIX + "acc:7");
                    });
            heal(rig);
            rig.healAndSettle();
            try (Connection raw = rig.raw(); Statement r = raw.createStatement();
                 var rs = r.executeQuery("SELECT balance FROM accounts WHERE id = 7")) {
                rs.next();
                assertThat(rs.getLong(1)).as("nothing committed that Redis lacks").isNotEqualTo(77);
            }
            rig.assertNoStaleEntries("autocommit write while Redis stalled");
        }
    }
}
