package io.writethrough.faults;

import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;

/**
 * What a test may leave behind: threads, PostgreSQL sessions and Redis client connections. Threads are compared
 * with a snapshot taken before the test; sessions are counted by application name in {@code pg_stat_activity};
 * Redis clients with {@code CLIENT LIST} on a server of the test's own.
 */
public final class Leaks {

    /**
     * Threads that some library starts once per JVM on first use and keeps: they do not grow with the work done.
     * The proxy's and the test's own helper threads are named by the tests.
     */
    private static final List<String> JVM_WIDE = List.of("process reaper", "PostgreSQL-JDBC-Cleaner", "Attach Listener",
            "Common-Cleaner", "takeover-log", FaultyProxy.THREAD_PREFIX, "surefire-", "junit-", "ForkJoinPool.commonPool");

    private final Set<Long> before;

    private Leaks(Set<Long> before) {
        this.before = before;
    }

    public static Leaks snapshot() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ids.add(t.getId());
        }
        return new Leaks(ids);
    }

    /**
     * Threads started since the snapshot and still alive after a bounded wait (threads that are ending get up to
     * {@code grace} to finish), with their stacks, ready to print; empty when none.
     */
    public List<String> newThreads(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> found;
        do {
            found = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && !before.contains(t.getId()) && !jvmWide(t.getName())) {
                    found.add(t);
                }
            }
            if (!found.isEmpty()) {
                found.get(0).join(50);
            }
        } while (!found.isEmpty() && System.nanoTime() < deadline);
        List<String> out = new ArrayList<>();
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        for (Thread t : found) {
            StringBuilder s = new StringBuilder(t.getName()).append(" (").append(t.getState()).append(')');
            StackTraceElement[] stack = stacks.get(t);
            if (stack != null) {
                for (int i = 0; i < Math.min(8, stack.length); i++) {
                    s.append("\n    at ").append(stack[i]);
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    private static boolean jvmWide(String name) {
        for (String prefix : JVM_WIDE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL sessions with this application name, after waiting up to {@code grace} for ending ones to go (a
     * terminated or closed backend leaves pg_stat_activity shortly after the client sees it end).
     */
    static int sessions(TestDatabase db, String applicationName, Duration grace) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        try (Connection admin = db.postgres().connect();
             PreparedStatement ps = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            while (true) {
                int count;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                }
                if (count == 0 || System.nanoTime() > deadline) {
                    return count;
                }
                Thread.sleep(20); // polling an external process's state; bounded by the deadline
            }
        }
    }

    /** Redis client connections named {@code name} on a server of the test's own (the checking connection excluded). */
    static int redisClients(String host, int port, String name) {
        int count = 0;
        try (Jedis redis = new Jedis(host, port)) {
            for (String line : redis.clientList().split("\n")) {
                if (line.contains(" name=" + name + " ")) {
                    count++;
                }
            }
        }
        return count;
    }
}
