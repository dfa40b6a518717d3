package io.writethrough.recovery;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;

/**
 * The child JVM of {@link CrashRecoveryTest}: an application writing through the driver until it is killed. It prints
 * {@code AT <point>} (flushed) when it reaches a crash point and then either waits there (idle points) or carries on
 * writing (points in motion), for the parent to SIGKILL it. It never sweeps on a timer ({@code recovery.interval.ms=0};
 * the driver's one sweep when its first connection opens still runs, while nothing of this child's is orphaned).
 *
 * <p>It starts by loading the driver's classes and waiting for a line on stdin, so that it boots while the parent
 * fills the tables. Arguments: the point, the {@code jdbc:writethrough:} URL, the mapping file, the {@code ApplicationName} of its
 * sessions (the parent waits for them to be gone), and the round (varies what the point does). Prints
 * {@code FAILED …} and exits 3 if anything fails before the kill; exits 4 if its stdin closes (the parent is gone) and
 * halts with 5 after {@link #WATCHDOG_MILLIS}, so no child outlives a broken test run.
 */
public final class CrashingClient {

    /** Points of the tables the parent's small schema has: {@code accounts} (hash) and {@code docs} (json), ids 1..200. */
    static final String BEFORE_COMMIT = "before-commit";
    static final String AUTOCOMMIT = "autocommit";
    static final String AFTER_COMMIT = "after-commit";
    /** Points of the parent's {@code big} table. */
    static final String BIG_UPDATE = "big-update";
    static final String BIG_UPDATED = "big-updated";
    static final String BEFORE_ROLLBACK = "before-rollback";
    static final String ROLLED_BACK = "rolled-back";
    /** Another instance of the application, running since before a crash, writes the keys the crash left. */
    static final String SECOND_INSTANCE = "second-instance";
    static final String READY = "ready";

    static final long WATCHDOG_MILLIS = 300_000;

    private CrashingClient() {
    }

    public static void main(String[] args) throws Exception {
        watchdog();
        // Boots and loads the driver while the parent fills the tables; then waits for its go.
        warmUp();
        awaitLine();
        String point = args[0];
        String url = args[1];
        Properties p = new Properties();
        p.setProperty("writethrough.config", args[2]);
        p.setProperty("writethrough.recovery.interval.ms", "0");
        p.setProperty("ApplicationName", args[3]);
        // The server notices a dead client within 100 ms even while it runs a statement (PostgreSQL 14+).
        p.setProperty("options", "-c client_connection_check_interval=100");
        int round = Integer.parseInt(args[4]);
        Random random = new Random(31L * round + point.hashCode());
        try {
            switch (point) {
                case BEFORE_COMMIT -> beforeCommit(url, p, round);
                case AUTOCOMMIT -> autocommitLoop(url, p, random);
                case AFTER_COMMIT -> afterCommit(url, p, round);
                case BIG_UPDATE -> bigUpdate(url, p, round);
                case BEFORE_ROLLBACK -> rollbackOfABigUpdate(url, p);
                case SECOND_INSTANCE -> secondInstance(url, p, round);
                default -> throw new IllegalArgumentException("unknown point " + point);
            }
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(3);
        }
    }

    /**
     * Several writes in an explicit transaction on both tables — UPDATEs by range and by expression, INSERTs, DELETEs,
     * a key-changing UPDATE, prepared UPDATEs, a savepoint (rolled back to in every third round) — then it waits. In
     * odd rounds another connection first commits writes to some of the same keys and stays open, so its marks are left
     * for its next write and the transaction taking those keys over records a committed earlier owner.
     */
    private static void beforeCommit(String url, Properties p, int round) throws SQLException, IOException {
        Connection other = null;
        if (round % 2 == 1) {
            other = DriverManager.getConnection(url, p);
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("UPDATE accounts SET balance = balance + 100 WHERE id BETWEEN 1 AND 12");
                st.executeUpdate("UPDATE docs SET title = 'committed by the other' WHERE id BETWEEN 1 AND 12");
            }
            other.commit();
        }
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id BETWEEN 1 AND 40");
            st.executeUpdate("UPDATE docs SET title = 'uncommitted ' || id, n = n + 1 WHERE id % 3 = 0");
            st.executeUpdate("INSERT INTO accounts VALUES (1001, 'new', 1), (1002, NULL, 2)");
            st.executeUpdate("INSERT INTO docs VALUES (1001, 'new doc', 1, 1.50, true)");
            Savepoint savepoint = c.setSavepoint();
            st.executeUpdate("DELETE FROM accounts WHERE id BETWEEN 41 AND 50");
            st.executeUpdate("UPDATE docs SET price = price * 2 WHERE id BETWEEN 5 AND 15");
            if (round % 3 == 0) {
                c.rollback(savepoint);
            }
            st.executeUpdate("DELETE FROM docs WHERE id BETWEEN 51 AND 55");
            st.executeUpdate("UPDATE accounts SET id = id + 5000 WHERE id BETWEEN 61 AND 63");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE docs SET title = ?, flag = NOT flag WHERE id = ?")) {
            for (int id = 70; id < 80; id++) {
                ps.setString(1, "prepared " + id);
                ps.setInt(2, id);
                ps.executeUpdate();
            }
        }
        at(BEFORE_COMMIT);
        waitForTheKill();
    }

    /** Autocommit writes of every kind, one after the other, each followed by {@code AT autocommit <n>}, until killed. */
    private static void autocommitLoop(String url, Properties p, Random random) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement();
                PreparedStatement range = c.prepareStatement("UPDATE docs SET price = price + 0.25 WHERE id BETWEEN ? AND ?")) {
            for (int i = 1; ; i++) {
                int id = 1 + random.nextInt(200);
                switch (random.nextInt(6)) {
                    case 0 -> st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = " + id);
                    case 1 -> st.executeUpdate("UPDATE docs SET n = n + 1, title = 'autocommit " + i + "' WHERE id = " + id);
                    case 2 -> st.executeUpdate("UPDATE accounts SET balance = balance - 1 WHERE id BETWEEN " + id + " AND " + (id + 20));
                    case 3 -> st.executeUpdate("INSERT INTO accounts VALUES (" + (2000 + i) + ", 'autocommit', " + i + ")");
                    case 4 -> st.executeUpdate("DELETE FROM accounts WHERE id IN (" + id + ", " + (2000 + i - 3) + ")");
                    default -> {
                        range.setInt(1, id);
                        range.setInt(2, id + 30);
                        range.executeUpdate();
                    }
                }
                System.out.println("AT " + AUTOCOMMIT + " " + i);
            }
        }
    }

    /**
     * Committed writes whose marks the driver would release with its next write: in even rounds a transaction that
     * {@code commit()} ended, in odd rounds autocommit statements. Then it waits.
     */
    private static void afterCommit(String url, Properties p, int round) throws SQLException, IOException {
        Connection c = DriverManager.getConnection(url, p);
        boolean explicit = round % 2 == 0;
        c.setAutoCommit(!explicit);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance * 3, owner = 'committed' WHERE id BETWEEN 1 AND 30");
            st.executeUpdate("UPDATE docs SET title = 'committed ' || id WHERE id % 4 = 1");
            st.executeUpdate("INSERT INTO docs VALUES (1001, 'committed doc', 7, 9.99, false)");
            st.executeUpdate("DELETE FROM accounts WHERE id BETWEEN 100 AND 104");
        }
        if (explicit) {
            c.commit();
        }
        at(AFTER_COMMIT);
        waitForTheKill();
    }

    /**
     * One UPDATE of every row of {@code big} (more rows than one Redis script call takes), in autocommit in even rounds
     * and in an explicit transaction in odd ones; {@code AT big-update} just before it runs, {@code AT big-updated} after.
     */
    private static void bigUpdate(String url, Properties p, int round) throws SQLException, IOException {
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(round % 2 == 0);
        try (Statement st = c.createStatement()) {
            at(BIG_UPDATE);
            st.executeUpdate("UPDATE big SET v = v + 1, pad = 'updated ' || id");
            at(BIG_UPDATED);
        }
        waitForTheKill();
    }

    /** One UPDATE of every row of {@code big} in a transaction, then {@code AT before-rollback} and {@code rollback()}. */
    private static void rollbackOfABigUpdate(String url, Properties p) throws SQLException, IOException {
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE big SET v = v + 1, pad = 'rolled back ' || id");
        }
        at(BEFORE_ROLLBACK);
        c.rollback();
        at(ROLLED_BACK);
        waitForTheKill();
    }

    /**
     * Another instance of the application: connects (its first sweep runs now, before the crash; it has no timer), prints
     * {@code AT ready}, and when the parent sends a line — after a {@link #BEFORE_COMMIT} child was killed, before
     * anything recovered its keys — writes those keys in a transaction, taking their marks over. Then
     * {@code AT second-instance} — after {@code commit()} in even rounds, before it in odd ones — and it waits.
     */
    private static void secondInstance(String url, Properties p, int round) throws SQLException, IOException {
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(false);
        at(READY);
        awaitLine();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = balance + 1000, owner = 'second' WHERE id BETWEEN 1 AND 45");
            st.executeUpdate("UPDATE docs SET title = 'second ' || id, flag = NULL WHERE id % 3 = 0 OR id BETWEEN 70 AND 75");
            st.executeUpdate("DELETE FROM docs WHERE id = 54");
            st.executeUpdate("INSERT INTO accounts VALUES (1001, 'second', 0)");
        }
        if (round % 2 == 0) {
            c.commit();
        }
        at(SECOND_INSTANCE);
        waitForTheKill();
    }

    private static void at(String point) {
        System.out.println("AT " + point);
        System.out.flush();
    }

    /** Loads the classes every point needs: the driver, pgjdbc and the SQL parser. */
    private static void warmUp() throws Exception {
        Class.forName("io.writethrough.jdbc.WriteThroughDriver");
        Class.forName("org.postgresql.Driver");
        net.sf.jsqlparser.parser.CCJSqlParserUtil.parse("UPDATE t SET a = a + 1 WHERE id BETWEEN 1 AND 2 RETURNING *");
    }

    /** Waits for a line from the parent; exits if the parent is gone (stdin closed). */
    private static void awaitLine() throws IOException {
        for (int b = System.in.read(); b != '\n'; b = System.in.read()) {
            if (b < 0) {
                System.exit(4);
            }
        }
    }

    /** Waits until the parent kills this JVM; exits if the parent is gone (stdin closed). */
    private static void waitForTheKill() throws IOException {
        while (System.in.read() >= 0) {
            // The parent writes nothing; it kills.
        }
        System.exit(4);
    }

    private static void watchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("FAILED watchdog: not killed within " + WATCHDOG_MILLIS + " ms");
            System.out.flush();
            Runtime.getRuntime().halt(5);
        }, "crash-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
