package io.writethrough.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The child JVM of {@link LargeUpdateMemoryTest}: one UPDATE of every row of {@code big} through the driver, committed,
 * then another rolled back, each timed with the heap's peak use. Prints {@code RESULT <phase> ok|oom|error …} lines.
 * Arguments: the driver URL, the mapping file.
 */
public final class LargeUpdateScenario {

    private LargeUpdateScenario() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("writethrough.config", args[1]);
        p.setProperty("writethrough.redis.timeout.ms", "60000");
        boolean ok = true;
        try (Connection c = DriverManager.getConnection(args[0], p)) {
            c.setAutoCommit(false);
            ok &= phase("update+commit", c, true);
            ok &= ok && phase("update+rollback", c, false);
        }
        System.exit(ok ? 0 : 3);
    }

    private static boolean phase(String name, Connection c, boolean commit) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        String outcome;
        boolean ok = false;
        try (Statement st = c.createStatement()) {
            long rows = st.executeLargeUpdate("UPDATE big SET v = v + 1");
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
            outcome = "ok rows=" + rows;
            ok = true;
        } catch (OutOfMemoryError e) {
            outcome = "oom " + e.getMessage();
            StackTraceElement[] stack = e.getStackTrace();
            for (int i = 0; i < Math.min(12, stack.length); i++) {
                System.out.println("  oom at " + stack[i]);
            }
        } catch (SQLException | RuntimeException e) {
            outcome = "error " + e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
        long max = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        System.out.println("RESULT " + name + " " + outcome + " millis=" + millis + " peakHeapMB=" + peak + " maxHeapMB=" + max);
        return ok;
    }
}
