package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.writethrough.audit.AuditListener;
import io.writethrough.audit.AuditOptions;
import io.writethrough.audit.AuditReport;
import io.writethrough.audit.CacheAudit;
import io.writethrough.recovery.Recovery;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row lock of warm and repair, in the one window where the ownership marks cannot stand in for it: after the
 * audit has read a chunk's rows and before it writes their entries. There an application's transaction, through the
 * driver, updates one of those rows and deletes another, then commits: it writes its entries and drops its marks
 * before the audit writes, so that no mark stops the audit's older values. The audit's connections are wrapped so
 * that the transaction is started exactly in that window, once. With the chunk's rows share-locked the transaction
 * waits until the audit has committed, and Redis ends equal to the database; without the lock it would commit in
 * the window and the audit would write the updated row's old value back and resurrect the deleted one (the
 * concurrent-writes tests, whose writers rarely hit this window, would not notice).
 */
@ExtendWith(WriteThroughServices.class)
class AuditRowLockTest {

    /** How long the window is held open: ample for the writer's transaction to commit if nothing stopped it. */
    private static final long WINDOW_MILLIS = 2_000;
    /** A statement reading whole rows: a chunk's (or page's) rows, as the audit reads them before writing entries. */
    private static final Pattern ROWS = Pattern.compile("^SELECT (t\\.)?\\* FROM .*");

    @Test
    void warmWritesNoValueAWriterChangedAfterTheRowsWereRead(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = items(db, redis);
        Window window = new Window(schema);
        try (CacheAudit audit = audit(db, schema, window)) {
            AuditReport report = audit.warm(AuditOptions.defaults(), null);
            assertThat(report.total().rows()).isPositive();
        }
        window.assertTheWriterWon();
    }

    @Test
    void repairWritesNoValueAWriterChangedAfterTheRowsWereRead(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = items(db, redis);
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
            audit.warm(AuditOptions.defaults(), null);
        }
        // Stale entries for repair to fix: the window opens when it reads their rows under the lock.
        schema.redisClient().hset(schema.key("item:1"), "name", "tampered");
        schema.redisClient().hset(schema.key("item:2"), "name", "tampered");
        Window window = new Window(schema);
        try (CacheAudit audit = audit(db, schema, window)) {
            audit.repair(AuditOptions.defaults(), false, null);
        }
        window.assertTheWriterWon();
    }

    /**
     * A row a writer holds when its page is read is left out of the page (the page never waits while it holds rows),
     * found by the count of the page's key range, and waited for on its own: its entry is the writer's committed value.
     */
    @Test
    void warmWaitsForTheRowsAWriterHeldWhenItsPageWasRead(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = items(db, redis);
        try (Connection writer = schema.raw(); Statement s = writer.createStatement()) {
            writer.setAutoCommit(false);
            // Rows 5 (mid-page) and 10 (the last row, past which a short page's range stays open).
            s.executeUpdate("UPDATE items SET name = 'held' WHERE id IN (5, 10)");
            CompletableFuture<AuditReport> warm = inBackground(() -> {
                try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
                    return audit.warm(new AuditOptions(List.of(), 4, 0, 10), null);
                }
            });
            Thread.sleep(500);
            assertThat(warm).as("warm waits for the writer").isNotDone();
            writer.commit();
            assertThat(warm.get(30, TimeUnit.SECONDS).total().rows()).isEqualTo(10);
        }
        assertThat(schema.hash("item:5")).containsEntry("name", "held");
        assertThat(schema.hash("item:10")).containsEntry("name", "held");
        schema.assertConsistent();
    }

    /**
     * The wait for a row a writer held holds that row's tuple lock: a second writer wanting the row queues behind the
     * audit, and when the first writer then waits for a row of the second, the three wait in a circle. The database
     * breaks it by ending the transaction whose deadlock check runs first: here the audit's, whose
     * {@code deadlock_timeout} is the shortest (the writers' are 10 minutes). Warm tries the row again instead of
     * failing, waits for the writers to end, and leaves Redis equal to the database.
     */
    @Test
    @Timeout(120)
    void warmTriesARowAgainWhenTheDatabaseEndsItsWaitAsADeadlocksVictim(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = items(db, redis);
        List<Integer> auditPids = new CopyOnWriteArrayList<>();
        try (CacheAudit audit = auditOn(db, schema, () -> {
                    Connection real = db.connect();
                    try (Statement s = real.createStatement()) {
                        s.execute("SET deadlock_timeout = '2s'");
                    }
                    auditPids.add(pid(real));
                    return real;
                });
             Connection first = writer(schema); Connection second = writer(schema);
             Statement firstStatement = first.createStatement(); Statement secondStatement = second.createStatement()) {
            int secondPid = pid(second);
            firstStatement.executeUpdate("UPDATE items SET name = 'first' WHERE id = 5");
            CompletableFuture<AuditReport> warm = inBackground(() -> audit.warm(new AuditOptions(List.of(), 4, 0, 10), null));
            long waitingSince = System.nanoTime();
            awaitWait(db, auditPids, "transactionid", Duration.ofSeconds(10));
            secondStatement.executeUpdate("UPDATE items SET name = 'second' WHERE id = 6");
            CompletableFuture<Integer> secondWaits = CompletableFuture.supplyAsync(() -> update(secondStatement, 5));
            awaitWait(db, List.of(secondPid), "tuple", Duration.ofSeconds(10));
            CompletableFuture<Integer> firstWaits = CompletableFuture.supplyAsync(() -> update(firstStatement, 6));
            // The audit's transaction ended (its tuple lock went to the second writer), before its own 10 s lock
            // timeout could have ended it: the database chose it as the deadlock's victim.
            awaitWait(db, List.of(secondPid), "transactionid", Duration.ofSeconds(30));
            assertThat(Duration.ofNanos(System.nanoTime() - waitingSince)).isLessThan(Duration.ofSeconds(8));
            // The writers still wait for each other: the first gives up, the second commits.
            firstStatement.cancel();
            assertThat(firstWaits).failsWithin(Duration.ofSeconds(30));
            first.rollback();
            assertThat(secondWaits.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            second.commit();
            assertThat(warm.get(60, TimeUnit.SECONDS).total().rows()).isEqualTo(10);
        }
        assertThat(schema.hash("item:5")).containsEntry("name", "moved 5");
        assertThat(schema.hash("item:6")).containsEntry("name", "second");
        schema.assertConsistent();
    }

    /**
     * A table-wide lock requested while warm holds a page's share locks waits for them, and warm's next page, read on
     * its other connection, waits behind that request. The page whose locks it waits for must then commit as soon as
     * its entries are written, not when warm's thread, itself waiting, next turns to that connection: otherwise the
     * three wait on each other, invisibly to the database's deadlock check, and the table stays locked for everyone
     * until the lock's requester gives up. Here the request is a TRUNCATE through the driver: it runs, warm goes on
     * over the empty table, and Redis holds no entry of it. Also where the key adds a column to the primary key (a
     * hash tag): warm pages by the primary key then, instead of holding the table through a cursor, which would stop
     * it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{p}item:{id}|item:%d", "{p}shelf:{{shelf}}:item:{id}|shelf:{3}:item:%d"})
    @Timeout(120)
    void aTableLockRequestedWhileWarmHoldsAPageGoesThrough(String template, String key, TestDatabase db,
            TestRedis redis) throws Exception {
        MappedSchema schema = items(db, redis, template);
        TruncateOnce truncate = new TruncateOnce(db, schema);
        try (CacheAudit audit = audit(db, schema, truncate)) {
            CompletableFuture<AuditReport> warm = inBackground(() -> audit.warm(new AuditOptions(List.of(), 4, 0, 10), null));
            assertThat(warm.get(60, TimeUnit.SECONDS).total().rows()).isEqualTo(4);
        }
        truncate.done().get(30, TimeUnit.SECONDS);
        for (int id = 1; id <= 10; id++) {
            assertThat(schema.exists(key.formatted(id))).as(key, id).isFalse();
        }
        schema.assertConsistent();
    }

    /**
     * Where a pass reads the table through a cursor (here repair's, the table having no unique index to page by), the
     * cursor holds the table open until the pass ends: a table-wide lock requested meanwhile waits for it, and each
     * chunk's lock waits behind the request, a circle through the tool's own thread. Before its next chunk (or, when
     * the request comes after that look, once the chunk's lock has waited 2 s) repair stops with an error that says
     * why and what to do; its connections closed, the request goes through. Nothing wrong was written.
     */
    @Test
    @Timeout(120)
    void aTableLockRequestedWhileACursorHoldsTheTableStopsRepairSoonWithAClearError(TestDatabase db, TestRedis redis)
            throws Exception {
        MappedSchema schema = tamperedItems(db, redis, false);
        TruncateOnce truncate = new TruncateOnce(db, schema);
        try (CacheAudit audit = audit(db, schema, truncate)) {
            CompletableFuture<AuditReport> repair =
                    inBackground(() -> audit.repair(new AuditOptions(List.of(), 4, 0, 10), false, null));
            Throwable thrown = catchThrowable(() -> repair.get(30, TimeUnit.SECONDS));
            assertThat(thrown).as("repair stops instead of waiting").isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "55P03")
                    .hasMessageStartingWith("writethrough: table ")
                    .hasMessageContaining("TRUNCATE, ALTER TABLE")
                    .hasMessageContaining("waits for this command's cursor, which holds the table open");
        }
        truncate.done().get(30, TimeUnit.SECONDS);
        schema.assertConsistent();
    }

    /**
     * Repair reads a table it can page by pages, each in a transaction of its own, so it holds no lock on the table
     * between them: a TRUNCATE requested while it fixes a chunk waits for that chunk only, then runs, and repair goes
     * on over the empty table.
     */
    @Test
    @Timeout(120)
    void aTableLockRequestedWhileRepairReadsPagesGoesThrough(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = tamperedItems(db, redis, true);
        TruncateOnce truncate = new TruncateOnce(db, schema);
        try (CacheAudit audit = audit(db, schema, truncate)) {
            CompletableFuture<AuditReport> repair =
                    inBackground(() -> audit.repair(new AuditOptions(List.of(), 4, 0, 10), false, null));
            assertThat(repair.get(60, TimeUnit.SECONDS).total().stale()).as("the first page's stale rows").isEqualTo(4);
        }
        truncate.done().get(30, TimeUnit.SECONDS);
        for (int id = 1; id <= 10; id++) {
            assertThat(schema.exists("item:" + id)).as("item:%d", id).isFalse();
        }
        schema.assertConsistent();
    }

    /**
     * Verify reads pages, each in a transaction of its own: a table-wide lock asked for while it runs is had between
     * two pages (and the applications' queries queued behind the request wait as little), not after the whole pass,
     * as behind a cursor. The pass over the rows is paced (40 rows, 8 a second) so that it is still under way when the
     * lock is asked for, and for longer than the lock is waited for.
     */
    @Test
    @Timeout(120)
    void aTableLockAskedForWhileVerifyRunsIsHadBetweenTwoPages(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = fortyItems(db, redis, true);
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
            CompletableFuture<AuditReport> verify = pacedVerifyUnderWay(audit);
            lockTheTable(db, "2s", () -> assertThat(verify).as("the lock was had while verify ran").isNotDone());
            AuditReport report = verify.get(60, TimeUnit.SECONDS);
            assertThat(report.consistent()).as("%s", report.differences()).isTrue();
            assertThat(report.total().rows()).isEqualTo(40);
        }
    }

    /**
     * Through a cursor (no primary key to page by), verify of rows that all match locks nothing, so no chunk's lock
     * waits behind a table-wide lock request: between two chunks the cursor asks whether a request waits for it, and
     * the pass stops for it instead of holding it (and every query queued behind it) until the pass ends.
     */
    @Test
    @Timeout(120)
    void aTableLockAskedForWhileVerifyHoldsACursorStopsVerifyAtTheNextChunk(TestDatabase db, TestRedis redis)
            throws Exception {
        MappedSchema schema = fortyItems(db, redis, false);
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
            CompletableFuture<AuditReport> verify = pacedVerifyUnderWay(audit);
            lockTheTable(db, "20s", () -> { });
            Throwable thrown = catchThrowable(() -> verify.get(30, TimeUnit.SECONDS));
            assertThat(thrown).as("verify stops for the request").isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "55P03")
                    .hasMessageStartingWith("writethrough: table ")
                    .hasMessageContaining("waits for this command's cursor, which holds the table open");
        }
    }

    /**
     * A CREATE INDEX CONCURRENTLY, of any table, waits for every older snapshot, the cursor's too, yet holds up no
     * query: the cursor does not stop for it. (The index build is cancelled afterwards: it would also wait for any
     * other session's open transaction.)
     */
    @Test
    @Timeout(120)
    void aCursorDoesNotStopForAnIndexBuiltConcurrentlyElsewhere(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema schema = fortyItems(db, redis, false);
        db.execute("CREATE TABLE elsewhere (x int)");
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties());
                Connection builder = db.connect()) {
            CompletableFuture<AuditReport> verify = pacedVerifyUnderWay(audit);
            int pid = pid(builder);
            CompletableFuture<Void> index = CompletableFuture.runAsync(() -> {
                try (Statement s = builder.createStatement()) {
                    s.execute("CREATE INDEX CONCURRENTLY ON elsewhere (x)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                awaitWait(db, List.of(pid), "virtualxid", Duration.ofSeconds(10));
                AuditReport report = verify.get(60, TimeUnit.SECONDS);
                assertThat(report.consistent()).as("%s", report.differences()).isTrue();
            } finally {
                db.execute("SELECT pg_cancel_backend(" + pid + ")");
                catchThrowable(() -> index.get(30, TimeUnit.SECONDS));
            }
        }
    }

    /** Forty items, with or without a primary key to page by. */
    private static MappedSchema fortyItems(TestDatabase db, TestRedis redis, boolean primaryKey) {
        MappedSchema schema = items(db, redis, "{p}item:{id}", primaryKey);
        db.execute("INSERT INTO items (id, name) SELECT g, 'old ' || g FROM generate_series(11, 40) g");
        return schema;
    }

    /**
     * Warms, then starts a verify paced at 8 rows (and keys) a second, 2 a page or chunk, and returns it once it has
     * read its first rows.
     */
    private static CompletableFuture<AuditReport> pacedVerifyUnderWay(CacheAudit audit) throws Exception {
        audit.warm(AuditOptions.defaults(), null);
        CountDownLatch advanced = new CountDownLatch(1);
        AuditListener listener = new AuditListener() {
            @Override
            public void advanced(long items) {
                advanced.countDown();
            }
        };
        CompletableFuture<AuditReport> verify =
                inBackground(() -> audit.verify(new AuditOptions(List.of(), 2, 8, 10), listener));
        assertThat(advanced.await(30, TimeUnit.SECONDS)).as("verify read its first rows").isTrue();
        return verify;
    }

    /** Takes the items table's ACCESS EXCLUSIVE lock, waiting {@code wait} at most, runs {@code whileHeld}, commits. */
    private static void lockTheTable(TestDatabase db, String wait, Runnable whileHeld) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL lock_timeout = '" + wait + "'");
            s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            whileHeld.run();
            c.commit();
        }
    }

    /** A connection through the driver in a transaction, whose deadlock checks wait 10 minutes. */
    private static Connection writer(MappedSchema schema) throws SQLException {
        Connection c = schema.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET deadlock_timeout = '10min'");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static int update(Statement statement, int id) {
        try {
            return statement.executeUpdate("UPDATE items SET name = 'moved " + id + "' WHERE id = " + id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits (bounded) until one of {@code pids} waits for a lock of the given type, as pg_locks shows it. */
    private static void awaitWait(TestDatabase db, List<Integer> pids, String lockType, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection admin = db.connect(); PreparedStatement ps = admin.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = ? AND pid = ANY (?)")) {
            ps.setString(1, lockType);
            while (System.nanoTime() < deadline) {
                // The audit opens its connections as it goes: the list grows.
                ps.setArray(2, admin.createArrayOf("int4", pids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10); // polling other sessions' state; bounded by the deadline
            }
        }
        throw new AssertionError("none of sessions " + pids + " waited for a " + lockType + " lock within " + within);
    }

    private static MappedSchema items(TestDatabase db, TestRedis redis) {
        return items(db, redis, "{p}item:{id}");
    }

    private static MappedSchema items(TestDatabase db, TestRedis redis, String template) {
        return items(db, redis, template, true);
    }

    /** The ten items warmed, then every entry's name tampered with: stale entries for repair to fix. */
    private static MappedSchema tamperedItems(TestDatabase db, TestRedis redis, boolean primaryKey) throws SQLException {
        MappedSchema schema = items(db, redis, "{p}item:{id}", primaryKey);
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
            audit.warm(AuditOptions.defaults(), null);
        }
        for (int id = 1; id <= 10; id++) {
            schema.redisClient().hset(schema.key("item:" + id), "name", "tampered");
        }
        return schema;
    }

    /** Ten items; without a primary key, the audit has no index to page the table by and reads it through a cursor. */
    private static MappedSchema items(TestDatabase db, TestRedis redis, String template, boolean primaryKey) {
        db.execute("CREATE TABLE items (id int " + (primaryKey ? "PRIMARY KEY" : "NOT NULL")
                        + ", shelf int NOT NULL DEFAULT 3, name text)",
                "INSERT INTO items (id, name) SELECT g, 'old ' || g FROM generate_series(1, 10) g");
        return MappedSchema.of(db, redis, "table.items.key=" + template);
    }

    /** An audit whose database connections open {@code window} when a lock connection first reads whole rows. */
    private static CacheAudit audit(TestDatabase db, MappedSchema schema, Hook window) throws SQLException {
        AtomicInteger opened = new AtomicInteger();
        return auditOn(db, schema, () -> {
            Connection real = db.connect();
            // The first connection streams the cursor (it locks nothing); the others lock chunks.
            return opened.getAndIncrement() == 0 ? real : withHook(real, window);
        });
    }

    /** An audit of {@code schema}'s configuration whose database connections come from {@code connections}. */
    private static CacheAudit auditOn(TestDatabase db, MappedSchema schema, Recovery.ConnectionSource connections)
            throws SQLException {
        DriverUrl url = DriverUrl.parse(db.writeThroughUrl());
        DriverContext context = WriteThroughDriver.context(url, schema.properties());
        return new CacheAudit(context.redis(), context.dialect(), context.config(), url.database(), connections,
                context::release);
    }

    /** A command of an audit, which may fail. */
    @FunctionalInterface
    private interface AuditCall {
        AuditReport run() throws SQLException;
    }

    /** {@code call} on another thread; its SQLException is the future's failure (the cause of get()'s exception). */
    private static CompletableFuture<AuditReport> inBackground(AuditCall call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Run once a lock connection has read whole rows, before the audit goes on. */
    @FunctionalInterface
    private interface Hook {
        void open() throws Exception;
    }

    /** A TRUNCATE of the items table through the driver, requested once, left waiting for the audit's locks. */
    private static final class TruncateOnce implements Hook {
        private final TestDatabase db;
        private final MappedSchema schema;
        private final AtomicReference<CompletableFuture<Void>> truncate = new AtomicReference<>();

        TruncateOnce(TestDatabase db, MappedSchema schema) {
            this.db = db;
            this.schema = schema;
        }

        @Override
        public void open() throws Exception {
            if (truncate.get() != null) {
                return;
            }
            Connection c = schema.connect();
            int pid = pid(c);
            truncate.set(CompletableFuture.runAsync(() -> {
                try (c; Statement s = c.createStatement()) {
                    s.execute("TRUNCATE items");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
            // The TRUNCATE waits for the rows just read; then the audit goes on.
            awaitWait(db, List.of(pid), "relation", Duration.ofSeconds(10));
        }

        CompletableFuture<Void> done() {
            return truncate.get();
        }
    }

    /** The writer's transaction, started once, in the window between reading a chunk's rows and writing them. */
    private static final class Window implements Hook {
        private final MappedSchema schema;
        private final AtomicBoolean opened = new AtomicBoolean();
        private volatile CompletableFuture<Void> writer;
        private volatile boolean doneInWindow;

        Window(MappedSchema schema) {
            this.schema = schema;
        }

        @Override
        public void open() throws Exception {
            if (!opened.compareAndSet(false, true)) {
                return;
            }
            writer = CompletableFuture.runAsync(() -> {
                try (Connection c = schema.connect(); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    s.executeUpdate("UPDATE items SET name = 'new' WHERE id = 1");
                    s.executeUpdate("DELETE FROM items WHERE id = 2");
                    c.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                writer.get(WINDOW_MILLIS, TimeUnit.MILLISECONDS);
                doneInWindow = true;
            } catch (TimeoutException e) {
                // Waiting for the rows the audit holds: as it should.
            }
        }

        /** Redis holds the writer's values, not the audit's older ones, and the writer had to wait for the audit. */
        void assertTheWriterWon() throws Exception {
            assertThat(writer).as("the window was opened").isNotNull();
            writer.get(30, TimeUnit.SECONDS);
            assertThat(schema.hash("item:1")).as("the updated row's entry").containsEntry("name", "new");
            assertThat(schema.exists("item:2")).as("the deleted row's entry").isFalse();
            schema.assertConsistent();
            assertThat(doneInWindow).as("the writer committed while the audit held the rows it had read").isFalse();
        }
    }

    private static Connection withHook(Connection real, Hook window) {
        return proxy(Connection.class, real, (proxy, method, args) -> {
            Object result = invoke(method, real, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                    && ROWS.matcher(sql).matches()) {
                PreparedStatement statement = (PreparedStatement) result;
                return proxy(PreparedStatement.class, statement, (p, m, a) -> {
                    Object value = invoke(m, statement, a);
                    if (m.getName().equals("executeQuery")) {
                        window.open();
                    }
                    return value;
                });
            }
            return result;
        });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A proxy of {@code target} through {@code handler}, equal only to itself (as the audit compares connections). */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> handler.invoke(proxy, method, args);
        });
    }
}
