package io.writethrough.differential;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs the {@link Workload} on several threads, each with its own connection and its own {@link Random} derived
 * from the run's seed, until the run's transaction budget is spent. One seed gives each thread the same sequence of
 * statements every time; with one thread the whole run repeats.
 */
public final class DifferentialRun {

    /** Seed, thread count and number of transactions of a run. */
    public record Settings(long seed, int threads, long transactions, Duration timeout) {

        public static Settings fromSystemProperties(long defaultTransactions) {
            long seed = Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL);
            int threads = Integer.getInteger("differential.threads", 4);
            long transactions = Long.getLong("differential.transactions", defaultTransactions);
            Duration timeout = Duration.ofMinutes(Long.getLong("differential.timeout.minutes", 60));
            return new Settings(seed, threads, transactions, timeout);
        }

        String reproduce() {
            return "mvn -B -pl driver -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DifferentialTest"
                    + " -Ddifferential.seed=" + seed
                    + " -Ddifferential.threads=" + threads + " -Ddifferential.transactions="
                    + transactions;
        }
    }

    /** A connection that is opened again when the workload closes it without committing. */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private DifferentialRun() {
    }

    /**
     * Runs the workload and returns what it did.
     *
     * @throws AssertionError when a thread met an unexpected exception or the run outlived its timeout; the message
     *     names the seed
     */
    public static RunFigures run(Settings settings, Connector connector, Predicate<SQLException> expected) throws InterruptedException {
        return run(settings, connector, expected, true);
    }

    /** {@link #run(Settings, Connector, Predicate)}, with or without the workload's occasional TRUNCATE. */
    public static RunFigures run(Settings settings, Connector connector, Predicate<SQLException> expected, boolean truncates)
            throws InterruptedException {
        RunFigures figures = new RunFigures();
        Workload workload = new Workload(expected, figures, truncates);
        AtomicLong budget = new AtomicLong(settings.transactions());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(settings.threads());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < settings.threads(); t++) {
            Random random = new Random(settings.seed() * 1_000_003L + t);
            Thread thread = new Thread(() -> {
                try {
                    runThread(workload, connector, random, budget);
                } catch (Throwable e) {
                    failures.add(e);
                    budget.set(0);
                } finally {
                    done.countDown();
                }
            }, "differential-" + t);
            threads.add(thread);
            thread.start();
        }
        if (!done.await(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            budget.set(0);
            throw new AssertionError("differential run (seed " + settings.seed() + ") did not finish within "
                    + settings.timeout() + "; threads:\n" + dump(threads));
        }
        figures.finished(Duration.ofNanos(System.nanoTime() - start));
        if (!failures.isEmpty()) {
            Throwable first = failures.peek();
            StringWriter trace = new StringWriter();
            first.printStackTrace(new PrintWriter(trace));
            AssertionError error = new AssertionError("differential run (seed " + settings.seed() + ") met an unexpected "
                    + describe(first) + "\nreproduce: " + settings.reproduce() + "\nfigures: " + figures + "\n" + trace, first);
            throw error;
        }
        return figures;
    }

    private static void runThread(Workload workload, Connector connector, Random random, AtomicLong budget) throws SQLException {
        Connection[] current = {connector.open()};
        Workload.Session session = new Workload.Session() {
            @Override
            public Connection connection() {
                return current[0];
            }

            @Override
            public void reopen() throws SQLException {
                current[0].close();
                current[0] = connector.open();
            }
        };
        try {
            while (budget.getAndDecrement() > 0) {
                workload.transaction(session, random);
            }
        } finally {
            current[0].close();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof SQLException s) {
            return "SQLException (SQLState " + s.getSQLState() + "): " + s.getMessage();
        }
        return e.toString();
    }

    private static String dump(List<Thread> threads) {
        StringBuilder out = new StringBuilder();
        for (Thread t : threads) {
            out.append(t.getName()).append(' ').append(t.getState()).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    static String figuresLine(Settings settings, RunFigures figures, int differences) {
        return "differential: seed=" + settings.seed() + " threads=" + settings.threads() + " " + figures
                + " differences=" + differences;
    }
}
