package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Crash recovery with real processes and real signals. A child JVM ({@link CrashingClient}) writes through the driver
 * with a mapping of its own and never sweeps on a timer; it prints {@code AT <point>} when it reaches a crash point and
 * the parent kills it there with SIGKILL ({@link KillableChild}). Once PostgreSQL has ended the child's sessions (its
 * transactions are over), a driver instance of the parent's — another JVM, a configuration used by no open connection
 * — recovers, and the guarantee is checked as a user sees it: every mapped key equals its committed row (0 stale, 0
 * missing, no extra key: {@link CacheAssertions}) and no ownership mark is left under the test's prefix, within
 * {@code recovery.interval.ms} + 5 s.
 *
 * <p>Points: after statements before commit (the timer of a fresh configuration recovers: its first connection
 * opened after the kill, or before it so that a timer run does it); in the middle of autocommit writes; right after
 * {@code commit()} returned; in the middle of a 12,000-row UPDATE whose chunks are being written to Redis; during a
 * rollback's undo of 12,000 keys; and killed before commit, after which another instance writes the same keys before
 * anything recovered them and is killed too. All but the first recover with {@link WriteThroughDriver#recover} and
 * are checked right after it. Each point runs {@code crash.rounds} rounds (default 3), each with a fresh schema, key
 * prefix and child. Figures (where the kills landed, recovery times) are printed and appended to
 * {@code driver/target/differential-runs.txt}. The long form:
 * <pre>
 * mvn -B -pl driver -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=CrashRecoveryTest -Dcrash.rounds=100
 * </pre>
 * Recovery at scale (opt-in): {@code -Dtest=CrashRecoveryTest#aHundredThousandOrphanedMarksAreResolvedWithinTenSeconds
 * -Dcrash.scale=true} ({@code -Dcrash.scale.rows}, default 100,000; {@code -Dcrash.scale.runs}, default 3).
 */
class CrashRecoveryTest {

    static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    /** More than two Redis script calls' worth ({@link OwnershipProtocol#CHUNK} = 5,000 entries each). */
    static final int BIG_ROWS = 12_000;
    static final long DEFAULT_INTERVAL_MS = 10_000;
    static final long TIMER_INTERVAL_MS = 1_000;
    static final long GRACE_MS = 5_000;
    static final int SMALL_ROWS = 200;
    private static final Duration CHILD_READY = Duration.ofSeconds(60);

    // ---------------------------------------------------------------------------------------------------- points

    /** Killed idle in a transaction that wrote both tables; a fresh configuration's timer recovers. */
    @Test
    void killedAfterStatementsBeforeCommit() throws Exception {
        rounds("before commit", (db, redis, round, figures) -> {
            MappedSchema s = smallSchema(db, redis);
            Properties quick = s.properties();
            quick.setProperty("writethrough.recovery.interval.ms", Long.toString(TIMER_INTERVAL_MS));
            // Even rounds: the recovering configuration is opened before the crash, so a timer run (not the sweep its
            // first connection starts) must find the orphans. Odd rounds: opened after it, its first sweep finds them.
            boolean timerRun = round % 2 == 0;
            Connection[] watcher = new Connection[1];
            try {
                String app = applicationName(db);
                try (KillableChild child = startWhileFilling(CrashingClient.BEFORE_COMMIT, db, s, app, round, () -> {
                    fillSmall(s);
                    if (timerRun) {
                        watcher[0] = DriverManager.getConnection(db.writeThroughUrl(), quick);
                    }
                })) {
                    child.awaitLine("AT " + CrashingClient.BEFORE_COMMIT, CHILD_READY);
                    figures.orphanedAtKill(marks(s));
                    child.kill();
                }
                awaitSessionsGone(db, app);
                figures.landed(timerRun ? "idle in transaction, recovered by a timer run"
                        : "idle in transaction, recovered by the first sweep of a fresh configuration");
                long start = System.nanoTime();
                if (watcher[0] == null) {
                    watcher[0] = DriverManager.getConnection(db.writeThroughUrl(), quick);
                }
                awaitRecovered(s, start, TIMER_INTERVAL_MS + GRACE_MS, figures);
            } finally {
                if (watcher[0] != null) {
                    watcher[0].close();
                }
            }
        });
    }

    /** Killed while it runs autocommit writes one after the other: after the N-th, somewhere in the next ones. */
    @Test
    void killedInTheMiddleOfAutocommitWrites() throws Exception {
        rounds("autocommit writes", (db, redis, round, figures) -> {
            MappedSchema s = smallSchema(db, redis);
            int n = 5 + new Random(round).nextInt(36);
            String app = applicationName(db);
            try (KillableChild child = startWhileFilling(CrashingClient.AUTOCOMMIT, db, s, app, round, () -> fillSmall(s))) {
                child.awaitLine("AT " + CrashingClient.AUTOCOMMIT + " " + n, CHILD_READY);
                child.kill();
                int last = child.lastPrinted("AT " + CrashingClient.AUTOCOMMIT + " ")
                        .map(line -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).orElse(n);
                figures.landed(last == n ? "in the statement after the one it waited for"
                        : "1+ statements later (" + bucket(last - n) + ")");
            }
            awaitSessionsGone(db, app);
            figures.orphanedAtKill(marks(s));
            recoverAndCheck(db, s, figures);
        });
    }

    /** Killed right after {@code commit()} returned: the committed transaction's marks are left behind. */
    @Test
    void killedRightAfterCommitReturned() throws Exception {
        rounds("right after commit", (db, redis, round, figures) -> {
            MappedSchema s = smallSchema(db, redis);
            String app = applicationName(db);
            try (KillableChild child = startWhileFilling(CrashingClient.AFTER_COMMIT, db, s, app, round, () -> fillSmall(s))) {
                child.awaitLine("AT " + CrashingClient.AFTER_COMMIT, CHILD_READY);
                long left = marks(s);
                assertThat(left).as("marks of the committed writes, left for the connection's next write").isPositive();
                figures.orphanedAtKill(left);
                child.kill();
            }
            figures.landed(round % 2 == 0 ? "after commit()" : "after autocommit statements");
            awaitSessionsGone(db, app);
            recoverAndCheck(db, s, figures);
        });
    }

    /**
     * Killed while one 12,000-row UPDATE's chunks are written to Redis: as soon as Redis shows some of its marks, or
     * (every fourth round from the third) once it shows more than one chunk's; every fourth round it is killed as soon
     * as it starts the statement, while PostgreSQL runs it. Autocommit in even rounds, an explicit transaction in odd
     * ones; hash or json by round.
     */
    @Test
    void killedWhileAMultiChunkStatementIsWritten() throws Exception {
        rounds("multi-chunk statement", (db, redis, round, figures) -> {
            boolean json = (round / 2) % 2 == 1;
            MappedSchema s = bigSchema(db, redis, json);
            String[] sample = sampleMarks(s, BIG_ROWS);
            String app = applicationName(db);
            try (KillableChild child = startWhileFilling(CrashingClient.BIG_UPDATE, db, s, app, round, () -> fillBig(s, BIG_ROWS))) {
                child.awaitLine("AT " + CrashingClient.BIG_UPDATE, CHILD_READY);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // Sampled marks to wait for: none (kill at once), the first chunk's, or more than one chunk's.
                long wanted = round % 4 == 0 ? 0 : round % 4 == 3 ? sample.length / 2 + 1 : 1;
                // Watching Redis for the statement's chunks, bounded; then the kill lands while later ones go.
                while (wanted > 0 && redis.client().exists(sample) < wanted && !child.printed("AT " + CrashingClient.BIG_UPDATED)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no mark of the UPDATE appeared in Redis within 60 s; child output:\n"
                                + child.tail());
                    }
                    LockSupport.parkNanos(200_000);
                }
                child.kill();
                boolean completed = child.printed("AT " + CrashingClient.BIG_UPDATED);
                awaitSessionsGone(db, app);
                long left = marks(s);
                figures.orphanedAtKill(left);
                String mode = (round % 2 == 0 ? "autocommit" : "transaction") + ", " + (json ? "json" : "hash");
                figures.landed(completed ? "after the statement returned (" + mode + ")"
                        : left == 0 ? "before its first chunk reached Redis (" + mode + ")"
                        : left < BIG_ROWS ? "between chunks, " + left + " marks (" + mode + ")"
                        : "after its last chunk, before it returned (" + mode + ")");
            }
            recoverAndCheck(db, s, figures);
        });
    }

    /**
     * Killed during {@code rollback()} of a transaction that wrote 12,000 keys: in even rounds once Redis shows the
     * undo dropping marks, in odd rounds as soon as the child says it is about to roll back.
     */
    @Test
    void killedDuringARollbacksUndo() throws Exception {
        rounds("rollback undo", (db, redis, round, figures) -> {
            MappedSchema s = bigSchema(db, redis, round % 3 == 0);
            String[] sample = sampleMarks(s, BIG_ROWS);
            String app = applicationName(db);
            try (KillableChild child = startWhileFilling(CrashingClient.BEFORE_ROLLBACK, db, s, app, round, () -> fillBig(s, BIG_ROWS))) {
                child.awaitLine("AT " + CrashingClient.BEFORE_ROLLBACK, CHILD_READY);
                if (round % 2 == 0) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    // The undo goes newest first; kill once a sampled mark is gone (bounded).
                    while (redis.client().exists(sample) == sample.length && !child.printed("AT " + CrashingClient.ROLLED_BACK)) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the undo dropped no sampled mark within 60 s; child output:\n"
                                    + child.tail());
                        }
                        LockSupport.parkNanos(200_000);
                    }
                }
                child.kill();
            }
            awaitSessionsGone(db, app);
            long left = marks(s);
            figures.orphanedAtKill(left);
            figures.landed(left == BIG_ROWS ? "before the undo wrote" : left > 0 ? "in the middle of the undo" : "after the undo");
            recoverAndCheck(db, s, figures);
        });
    }

    /**
     * Killed before commit; then another instance of the application, running since before the crash (its first sweep
     * long done, no timer), writes the same keys before anything recovered them — taking the orphaned marks over, unless
     * another test run's sweep resolved them first — and is killed too: before its commit in odd rounds, after it in
     * even ones. Then a fresh driver instance recovers.
     */
    @Test
    void anotherInstanceWritesTheKeysACrashLeftAndIsKilledToo() throws Exception {
        rounds("second instance over a crash", (db, redis, round, figures) -> {
            MappedSchema s = smallSchema(db, redis);
            String first = applicationName(db);
            String second = first + "-second";
            // The first instance takes over marks of a committed transaction only in the rounds where the second
            // commits: a second instance killed before commit over such a chain leaves keys whose value must be
            // refilled from the database, and on the shared Redis any other test run's sweep may take those first
            // and drop them (SharedRedisRecoveryTest#anotherConfigurationsSweepLeavesAnUndecidableKeyToBeRefilled).
            try (KillableChild other = startChild(CrashingClient.SECOND_INSTANCE, db, s, second, round);
                    KillableChild child = startChild(CrashingClient.BEFORE_COMMIT, db, s, first, round + 1)) {
                fillSmall(s);
                other.go();
                other.awaitLine("AT " + CrashingClient.READY, CHILD_READY);
                child.go();
                child.awaitLine("AT " + CrashingClient.BEFORE_COMMIT, CHILD_READY);
                child.kill();
                figures.landed("the first instance, idle in transaction");
                awaitSessionsGone(db, first);
                other.go();
                other.awaitLine("AT " + CrashingClient.SECOND_INSTANCE, CHILD_READY);
                // Unless a sweep of another driver instance on the shared Redis (another test run's) got there first.
                long takenOver = marksTakenOver(s);
                figures.orphanedAtKill(marks(s));
                other.kill();
                figures.landed("the second instance, " + (round % 2 == 0 ? "after" : "before") + " its commit, "
                        + (takenOver > 0 ? "having taken over the orphaned marks" : "another sweep had resolved them first"));
            }
            awaitSessionsGone(db, second);
            recoverAndCheck(db, s, figures);
        });
    }

    /**
     * Recovery at scale: a child's UPDATE of 100,000 rows in a transaction, killed before commit, leaves 100,000
     * orphaned marks; {@link WriteThroughDriver#recover} resolves them in at most 10 s.
     */
    @Test
    @EnabledIfSystemProperty(named = "crash.scale", matches = "true")
    void aHundredThousandOrphanedMarksAreResolvedWithinTenSeconds() throws Exception {
        int rows = Integer.getInteger("crash.scale.rows", 100_000);
        int runs = Integer.getInteger("crash.scale.runs", 3);
        List<String> timings = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.create()) {
                MappedSchema s = bigSchema(db, redis, false);
                String app = applicationName(db);
                try (KillableChild child = startWhileFilling(CrashingClient.BIG_UPDATE, db, s, app, 1, () -> fillBig(s, rows))) {
                    child.awaitLine("AT " + CrashingClient.BIG_UPDATED, Duration.ofMinutes(5));
                    child.kill();
                }
                awaitSessionsGone(db, app);
                long orphaned = marks(s);
                long start = System.nanoTime();
                SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                String timing = "run " + run + ": " + orphaned + " orphaned marks resolved in " + millis + " ms (" + result + ")";
                System.out.println("crash recovery at scale, " + timing);
                timings.add(timing);
                assertThat(orphaned).as("marks the killed UPDATE left").isEqualTo(rows);
                assertNoMarks(s, "after recover()");
                s.assertConsistent();
                assertThat(millis).as("time to resolve %d orphaned marks", orphaned).isLessThanOrEqualTo(10_000);
            }
        }
        DifferentialTest.record("crash recovery at scale: rows=" + rows + "; " + String.join("; ", timings));
    }

    // ---------------------------------------------------------------------------------------------------- rounds

    @FunctionalInterface
    private interface Round {
        void run(TestDatabase db, TestRedis redis, int round, Figures figures) throws Exception;
    }

    /** Runs {@link #ROUNDS} rounds, each with a fresh schema and prefix; all run, then any failures are reported. */
    private static void rounds(String point, Round body) throws Exception {
        Figures figures = new Figures(point);
        List<String> failures = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.create()) {
                body.run(db, redis, round, figures);
            } catch (Exception | AssertionError e) {
                figures.failures++;
                failures.add("round " + round + ": " + e);
                e.printStackTrace(System.out);
            }
        }
        String line = figures.toString();
        System.out.println(line);
        DifferentialTest.record(line);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + ROUNDS + " rounds failed (" + point + "):\n"
                    + String.join("\n\n", failures.subList(0, Math.min(5, failures.size()))));
        }
    }

    /** Where one point's kills landed, what they left, and how long recovery took. */
    private static final class Figures {
        final String point;
        int kills;
        int failures;
        final Map<String, Integer> landed = new TreeMap<>();
        final List<Long> orphaned = new ArrayList<>();
        final List<Long> recoveryMillis = new ArrayList<>();
        /** What the recover() calls reported (a call's own sweep; the one its fresh context starts may take some). */
        long released;
        long restored;
        long refilled;
        long stale;
        long missing;
        long extra;
        long marksLeft;

        Figures(String point) {
            this.point = point;
        }

        void landed(String where) {
            kills++;
            landed.merge(where, 1, Integer::sum);
        }

        void orphanedAtKill(long marks) {
            orphaned.add(marks);
        }

        @Override
        public String toString() {
            return "crash recovery, " + point + ": " + ROUNDS + " rounds, " + kills + " kills (SIGKILL), " + failures
                    + " failed; kills landed: " + landed + "; marks left by the kill: " + range(orphaned)
                    + "; recovery ms: " + range(recoveryMillis)
                    + (released + restored + refilled > 0 ? "; recover() reported released=" + released + " restored="
                            + restored + " refilled=" + refilled : "")
                    + "; after recovery: stale=" + stale + " missing="
                    + missing + " extra=" + extra + " marks=" + marksLeft;
        }

        private static String range(List<Long> values) {
            if (values.isEmpty()) {
                return "-";
            }
            List<Long> sorted = values.stream().sorted().toList();
            return "min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) + ", max " + sorted.get(sorted.size() - 1);
        }
    }

    // ---------------------------------------------------------------------------------------------------- checks

    /** A fresh driver instance of this JVM recovers on demand; Redis must match the database right after. */
    private static void recoverAndCheck(TestDatabase db, MappedSchema s, Figures figures) throws SQLException {
        long start = System.nanoTime();
        SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), s.properties());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        figures.recoveryMillis.add(millis);
        figures.released += result.released();
        figures.restored += result.restored();
        figures.refilled += result.refilled();
        List<CacheDifference> differences = s.differences();
        long marks = marks(s);
        count(differences, marks, figures);
        if (!differences.isEmpty() || marks > 0) {
            throw new AssertionError("right after WriteThroughDriver.recover (" + result + "): " + marks
                    + " ownership marks left, " + differences.size() + " differences:\n" + CacheAssertions.report(differences));
        }
        assertThat(millis).as("recover() time").isLessThanOrEqualTo(DEFAULT_INTERVAL_MS + GRACE_MS);
    }

    /** Polls Redis (bounded by the guarantee) until it matches the database with no mark left. */
    private static void awaitRecovered(MappedSchema s, long startNanos, long withinMillis, Figures figures) throws Exception {
        long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(withinMillis);
        while (true) {
            long marks = marks(s);
            List<CacheDifference> differences = marks == 0 ? s.differences() : null;
            if (marks == 0 && differences.isEmpty()) {
                figures.recoveryMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                count(differences, 0, figures);
                return;
            }
            if (System.nanoTime() > deadline) {
                differences = s.differences();
                count(differences, marks, figures);
                throw new AssertionError("not recovered within recovery.interval.ms + 5 s = " + withinMillis + " ms: "
                        + marks + " ownership marks left, " + differences.size() + " differences:\n"
                        + CacheAssertions.report(differences));
            }
            Thread.sleep(50); // polling the effect of the background sweep, bounded by the deadline above
        }
    }

    private static void count(List<CacheDifference> differences, long marks, Figures figures) {
        for (CacheDifference d : differences) {
            switch (d.kind()) {
                case MISSING_KEY -> figures.missing++;
                case EXTRA_KEY -> figures.extra++;
                default -> figures.stale++;
            }
        }
        figures.marksLeft += marks;
    }

    /** Marks under the test's prefix that record an earlier owner (their writer took them over). */
    private static long marksTakenOver(MappedSchema s) {
        return TestRedis.keysStartingWith(s.redisClient(), OwnershipProtocol.markKey(s.key(""))).stream()
                .filter(mark -> s.redisClient().hexists(mark, MarkField.EARLIER_XID.field())).count();
    }

    private static void assertNoMarks(MappedSchema s, String when) {
        assertThat(marks(s)).as("ownership marks under the test's prefix " + when).isZero();
    }

    /** Ownership marks under the test's prefix, counted by SCAN. */
    static long marks(MappedSchema s) {
        return TestRedis.keysStartingWith(s.redisClient(), OwnershipProtocol.markKey(s.key(""))).size();
    }

    /** Marks of about 120 rows spread over the whole table (every chunk of a statement has some). */
    private static String[] sampleMarks(MappedSchema s, int rows) {
        List<String> marks = new ArrayList<>();
        for (int id = 1; id <= rows; id += 97) {
            marks.add(OwnershipProtocol.markKey(s.key("big:" + id)));
        }
        return marks.toArray(String[]::new);
    }

    /**
     * Waits (bounded) until PostgreSQL no longer shows a session of the killed child: its transactions have ended
     * (aborted, or committed if COMMIT had arrived).
     */
    private static void awaitSessionsGone(TestDatabase db, String applicationName) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection raw = DriverManager.getConnection(db.jdbcUrl());
                PreparedStatement sessions = raw.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            sessions.setString(1, applicationName);
            while (true) {
                try (ResultSet rs = sessions.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL still shows sessions of the killed child (" + applicationName + ") 20 s after the kill");
                }
                Thread.sleep(20); // polling pg_stat_activity, bounded by the deadline above
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- setup

    @FunctionalInterface
    private interface Fill {
        void run() throws Exception;
    }

    /** Starts a child that boots and then waits for its {@link KillableChild#go()}. */
    private static KillableChild startChild(String point, TestDatabase db, MappedSchema s, String app, int round)
            throws Exception {
        return KillableChild.start(point, db.writeThroughUrl(), s.properties().getProperty("writethrough.config"), app, round);
    }

    /** Starts the child, fills the tables while it boots, then lets it go on to its point. */
    private static KillableChild startWhileFilling(String point, TestDatabase db, MappedSchema s, String app, int round,
            Fill fill) throws Exception {
        KillableChild child = startChild(point, db, s, app, round);
        try {
            fill.run();
            child.go();
            return child;
        } catch (Exception | AssertionError e) {
            child.close();
            throw e;
        }
    }

    private static String applicationName(TestDatabase db) {
        return "wt-crash-" + db.schema();
    }

    /** {@code accounts} (hash, NULL owners) and {@code docs} (json), empty, and their mapping. */
    private static MappedSchema smallSchema(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int NOT NULL)",
                "CREATE TABLE docs (id int PRIMARY KEY, title text, n int NOT NULL, price numeric(10,2), flag boolean)");
        return MappedSchema.of(db, redis, "table.accounts.key={p}acct:{id}", "table.docs.key={p}doc:{id}",
                "table.docs.format=json");
    }

    /** 200 rows in each of the small schema's tables, written through the driver. */
    private static void fillSmall(MappedSchema s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'owner ' || g END, g"
                    + " FROM generate_series(1, " + SMALL_ROWS + ") g");
            st.executeUpdate("INSERT INTO docs SELECT g, 'doc ' || g, g, g * 1.25, g % 2 = 0 FROM generate_series(1, "
                    + SMALL_ROWS + ") g");
        }
        assertSetUp(s, 2 * SMALL_ROWS);
    }

    /** {@code big}, empty, and its mapping. */
    private static MappedSchema bigSchema(TestDatabase db, TestRedis redis, boolean json) {
        db.execute("CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL, pad text)");
        return MappedSchema.of(db, redis, "table.big.key={p}big:{id}", "table.big.format=" + (json ? "json" : "hash"));
    }

    /** {@code rows} rows in {@code big}, written through the driver. */
    private static void fillBig(MappedSchema s, int rows) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO big SELECT g, 0, 'row ' || g FROM generate_series(1, " + rows + ") g");
        }
        assertSetUp(s, rows);
    }

    /** One entry per row and no mark (the setup connection, closed, released its marks). */
    private static void assertSetUp(MappedSchema s, int rows) {
        assertNoMarks(s, "after the setup");
        assertThat(TestRedis.keysStartingWith(s.redisClient(), s.key(""))).as("entries after the setup").hasSize(rows);
    }

    private static String bucket(int statements) {
        return statements <= 1 ? "1" : statements <= 3 ? "2-3" : statements <= 10 ? "4-10" : ">10";
    }
}
