package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Redis frozen (SIGSTOP) and a pool of 8, 1, 8 and 32 threads on connections of their own make autocommit UPDATEs
 * on mapped rows — half of them in pairs on a shared row, so that one also waits for the row lock the other holds
 * while that one waits for Redis — while the undos of the writes that may have run wait for the background retrier.
 * Every call is timed with a clock around it. The slowest comes back within one {@code redis.timeout.ms} plus what the
 * same burst of calls costs with Redis up (the database's and the machine's share; at least {@value #MARGIN_MS} ms):
 * waiting for a pooled connection, opening one, the command, and a row lock held by a call that waited for Redis all
 * come out of that one timeout (the calls after the first wave fail at once: Redis is known to be silent).
 */
@ExtendWith(WriteThroughServices.class)
class RedisTimeoutUnderLoadTest {

    static final int TIMEOUT_MS = 500;
    static final int MARGIN_MS = 150;
    /** Calls each thread makes while Redis is frozen. */
    static final int CALLS = 3;

    @Test
    void noCallWaitsLongerThanOneTimeoutWhateverTheThreadCount(TestDatabase db, PrivateRedisServer server) throws Exception {
        Map<Integer, Long> frozen = new LinkedHashMap<>();
        Map<Integer, Long> up = new LinkedHashMap<>();
        try (FaultRig rig = FaultRig.create(db, server, TIMEOUT_MS)) {
            for (int threads : new int[] {1, 8, 32}) {
                long[] slowest = slowestCalls(rig, threads);
                up.put(threads, slowest[0]);
                frozen.put(threads, slowest[1]);
                rig.healAndSettle();
                rig.assertNoStaleEntries("after " + threads + " threads against a frozen Redis");
            }
        }
        String line = "redis timeout under load (timeout " + TIMEOUT_MS + " ms, pool 8): slowest call by thread count, Redis "
                + "frozen " + frozen + ", Redis up " + up;
        System.out.println(line);
        DifferentialTest.record(line);
        frozen.forEach((threads, ms) -> assertThat(ms)
                .as("the slowest of %d threads' calls with Redis frozen (with Redis up: %d ms)", threads, up.get(threads))
                .isLessThanOrEqualTo(TIMEOUT_MS + Math.max(MARGIN_MS, up.get(threads))));
    }

    /** One timed call: when it began (ms after the threads started) and how long it took. */
    private record Call(int thread, int number, int row, long began, long ms, String outcome) {
        @Override
        public String toString() {
            return "thread " + thread + " call " + number + " on row " + row + " began at " + began + " ms, took " + ms
                    + " ms: " + outcome;
        }
    }

    /**
     * Runs {@value #CALLS} autocommit UPDATEs on each of {@code threads} connections, with Redis up and then frozen;
     * returns the slowest call of each (ms).
     */
    private static long[] slowestCalls(FaultRig rig, int threads) throws Exception {
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < threads; i++) {
                Connection c = rig.connect();
                connections.add(c);
                try (Statement st = c.createStatement()) {
                    // Every connection has written once with Redis up.
                    st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = " + row(i, threads));
                }
            }
            List<Call> upCalls = burst(connections, threads, pool);
            assertThat(upCalls).as("calls with Redis up").allSatisfy(c -> assertThat(c.outcome()).isEqualTo("succeeded"));
            Call up = slowest(upCalls);
            System.out.println(threads + " threads, the slowest call with Redis up: " + up);
            rig.server.pause();
            Call frozen = slowest(burst(connections, threads, pool));
            System.out.println(threads + " threads, the slowest call with Redis frozen: " + frozen);
            return new long[] {up.ms(), frozen.ms()};
        } finally {
            RedisTimeoutBoundsTest.heal(rig);
            pool.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** {@value #CALLS} autocommit UPDATEs on each connection, all threads starting together. */
    private static List<Call> burst(List<Connection> connections, int threads, ExecutorService pool) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        long origin = System.nanoTime();
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Connection c = connections.get(i);
            int row = row(i, threads);
            int thread = i;
            results.add(pool.submit(() -> {
                try (Statement st = c.createStatement()) {
                    start.await();
                    for (int call = 0; call < CALLS; call++) {
                        long began = System.nanoTime();
                        String outcome = "succeeded";
                        try {
                            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = " + row);
                        } catch (SQLException e) {
                            // While Redis is frozen: reported with the call.
                            outcome = e.getSQLState() + " " + e.getMessage();
                        }
                        long ended = System.nanoTime();
                        calls.add(new Call(thread, call, row, TimeUnit.NANOSECONDS.toMillis(began - origin),
                                TimeUnit.NANOSECONDS.toMillis(ended - began), outcome));
                    }
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(1, TimeUnit.MINUTES);
        }
        return List.copyOf(calls);
    }

    /** The slowest call; the other calls on its row are printed (they may have held its row lock). */
    private static Call slowest(List<Call> calls) {
        Call slowest = calls.stream().max(Comparator.comparingLong(Call::ms)).orElseThrow();
        calls.stream().filter(c -> c.row() == slowest.row() && c != slowest)
                .forEach(c -> System.out.println("  on the slowest call's row: " + c));
        return slowest;
    }

    /**
     * The first half of the threads update rows in pairs, the others a row each (the differential schema seeds
     * accounts 1 to 80).
     */
    private static int row(int thread, int threads) {
        return thread < threads / 2 ? 10 + thread / 2 : 10 + thread;
    }
}
