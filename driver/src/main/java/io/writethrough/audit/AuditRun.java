package io.writethrough.audit;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.Dialect.RowLock;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.RedisReader;
import io.writethrough.redis.RedisWriter;
import io.writethrough.write.EntryEncoder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One audit under way: what its passes share (Redis, the dialect, two database connections, the options, the pace,
 * the differences kept), and the one way it touches rows it may write from: {@link #withLockedRows}.
 */
final class AuditRun {

    /** What the audit does. */
    enum Mode {
        WARM, VERIFY, REPAIR, DRY_RUN
    }

    /** How long a lock on one row is waited for, per try. */
    static final int LOCK_WAIT_SECONDS = 10;
    /** Tries per row before the audit gives up. */
    static final int LOCK_TRIES = 3;
    /** Tries of one lock transaction that the database keeps choosing as a deadlock's victim. */
    static final int DEADLOCK_TRIES = 5;
    /** PostgreSQL's (and the standard's) SQLState for a transaction rolled back to break a deadlock. */
    private static final String DEADLOCK = "40P01";
    /** How long a chunk's locks are waited for while a cursor holds its table open: see {@link #cursorOpen}. */
    static final Duration CURSOR_LOCK_WAIT = Duration.ofSeconds(2);
    /** PostgreSQL's SQLState for a lock not had within {@code lock_timeout}. */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Why an audit stopped for a table-wide lock request that waits for its cursor (SQLState 55P03). */
    static final String CURSOR_IN_THE_WAY = "a table-wide lock requested meanwhile (TRUNCATE, ALTER TABLE, VACUUM FULL, "
            + "...) waits for this command's cursor, which holds the table open until the pass ends; stopped to let it "
            + "through. Run the command again once it is done";

    final Mode mode;
    final RedisWriter redis;
    final RedisReader reader;
    final Dialect dialect;
    final String database;
    /** Reads rows: a page per transaction, or a cursor in one transaction per pass. Autocommit off. */
    final Connection read;
    /** Short transactions: lock a chunk's rows, write its entries, commit. Autocommit off. */
    final Connection lock;
    /** Overlaps the database's work on one chunk with Redis's on the one before: see {@link #withLockedRowsAhead}. */
    private final Overlap overlap;
    final AuditOptions options;
    final AuditListener listener;
    private final List<Difference> shown = new ArrayList<>();
    private final long started = System.nanoTime();
    private long items;
    private boolean cursorOpen;

    AuditRun(Mode mode, RedisWriter redis, Dialect dialect, String database, Connection read, Connection lock,
            Connection second, AuditOptions options, AuditListener listener) {
        this.mode = mode;
        this.redis = redis;
        this.reader = redis.reader();
        this.dialect = dialect;
        this.database = database;
        this.read = read;
        this.lock = lock;
        this.overlap = new Overlap(List.of(lock, second), dialect);
        this.options = options;
        this.listener = listener;
    }

    /** What the audit does about a difference whose key carries an ownership mark, or not. */
    Difference.Action action(boolean marked) {
        return switch (mode) {
            case WARM, VERIFY -> Difference.Action.NONE;
            case REPAIR -> marked ? Difference.Action.LEFT_TO_OWNER : Difference.Action.FIXED;
            case DRY_RUN -> marked ? Difference.Action.LEFT_TO_OWNER : Difference.Action.WOULD_FIX;
        };
    }

    /** Keeps the difference if fewer than {@link AuditOptions#shownDifferences()} are kept. */
    void record(Difference difference) {
        if (shown.size() < options.shownDifferences()) {
            shown.add(difference);
        }
    }

    List<Difference> shown() {
        return shown;
    }

    /** {@code count} more rows or keys are done: tells the listener, and waits as long as the rate limit asks. */
    void advance(long count) {
        items += count;
        listener.advanced(count);
        if (options.rowsPerSecond() > 0) {
            long due = started + items * TimeUnit.SECONDS.toNanos(1) / options.rowsPerSecond();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    // Pacing, not synchronisation: the rate limit spares a production database and Redis.
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Whether a cursor on {@link #read} holds a table open (it holds the table's lock until its pass ends). A table-wide
     * lock requested meanwhile ({@code TRUNCATE}, most {@code ALTER TABLE}) waits for the cursor, and each chunk's lock
     * waits behind the request: a circle through this thread that the database cannot see. So while a cursor is open,
     * a lock transaction takes the table's lock first, waiting {@link #CURSOR_LOCK_WAIT} at most, and the command then
     * stops to let the request through; its row locks are waited for as usual.
     */
    void cursorOpen(boolean open) {
        cursorOpen = open;
    }

    /** Work done while rows are locked: {@code rows} maps each present row's key to its entry as the driver renders it. */
    @FunctionalInterface
    interface LockedWork {
        void run(Map<String, EntryWrite> rows) throws SQLException;
    }

    /**
     * Runs {@code work} on the committed rows of {@code keys} while they are share-locked, so that no transaction can
     * change or delete them until the work (writing their entries, say) is done; rows that are gone are left out.
     * First one transaction locks every row no writer holds, without waiting for row locks ({@code SKIP LOCKED}); then
     * each row a writer held is locked in a transaction of its own, waiting for that writer to end. Neither holds a
     * row while it waits for a writer's, yet either can still close a deadlock with applications, and each is tried
     * again when the database chose it as the victim ({@link #survivingDeadlocks}).
     */
    void withLockedRows(TableMapping mapping, List<List<String>> keys, LockedWork work) throws SQLException {
        Map<String, EntryWrite> rows = survivingDeadlocks(mapping, () -> inTransaction(() -> {
            holdTable(lock, mapping);
            Map<String, EntryWrite> found = rows(lock, mapping, keys, RowLock.SHARE_SKIP_LOCKED, 0);
            work.run(found);
            return found;
        }));
        if (rows.size() < keys.size()) {
            waitFor(mapping, keys, rows, work);
        }
    }

    /**
     * As {@link #withLockedRows}, but the work on the rows locked at once runs on the Redis thread while the caller
     * goes on to read the next chunk: each of two connections holds one chunk's locks until its work is done, so the
     * database's work on a chunk overlaps Redis's on the one before. The work must touch only what no other thread
     * does until {@link #settle()}; its failure is thrown by a later call or by {@code settle()}.
     */
    void withLockedRowsAhead(TableMapping mapping, List<List<String>> keys, LockedWork work) throws SQLException {
        Connection connection = overlap.next();
        Map<String, EntryWrite> rows = survivingDeadlocks(mapping, () -> rolledBackOnFailure(connection, () -> {
            holdTable(connection, mapping);
            return rows(connection, mapping, keys, RowLock.SHARE_SKIP_LOCKED, 0);
        }));
        overlap.submit(connection, () -> work.run(rows));
        if (rows.size() < keys.size()) {
            // Rows a writer held (or that are gone): after the work under way.
            settle();
            waitFor(mapping, keys, rows, work);
        }
    }

    /**
     * As {@link #withLockedRowsAhead}, for the next page of a {@link Dialect#pageable} table: its rows after
     * {@code after} (key columns' text in template order; null: from the first row), read once, share-locked as they
     * are read ({@link Dialect#rowPage}). Rows of the page's key range that a writer held were left out: a count of
     * the range tells whether there are any, and only then are they listed and each waited for, as by
     * {@link #withLockedRows}. Returns the rows locked at once, and the key to read on after.
     */
    RenderedRows.Page withLockedPageAhead(TableMapping mapping, List<String> after, int size, LockedWork work)
            throws SQLException {
        Connection connection = overlap.next();
        PageRead read = survivingDeadlocks(mapping, () -> rolledBackOnFailure(connection, () -> {
            RenderedRows.Page page = RenderedRows.page(dialect, connection, database, mapping, after, size,
                    RowLock.SHARE_SKIP_LOCKED);
            return new PageRead(page, countKeys(connection, mapping, after, page.last()));
        }));
        RenderedRows.Page page = read.page();
        overlap.submit(connection, () -> work.run(page.rows()));
        if (read.inRange() > page.rows().size()) {
            // Left out: held by a writer (or committed since the page was read). After the work under way.
            settle();
            waitFor(mapping, inTransaction(() -> keysInRange(mapping, after, page.last())), page.rows(), work);
        }
        return page;
    }

    /** A page's rows locked at once, and how many rows its key range holds. */
    private record PageRead(RenderedRows.Page page, long inRange) {
    }

    /** Waits for the work {@link #withLockedRowsAhead} left running, commits it, and throws its failure if any. */
    void settle() throws SQLException {
        overlap.settle();
    }

    /** Stops the Redis thread (once settled, or after a failure). */
    void close() {
        overlap.close();
    }

    /**
     * Runs {@code work} on each row of {@code keys} that {@code locked} lacks and that is still there, locked in a
     * transaction of its own, waiting for its writer.
     */
    private void waitFor(TableMapping mapping, List<List<String>> keys, Map<String, EntryWrite> locked, LockedWork work)
            throws SQLException {
        List<List<String>> held = new ArrayList<>();
        for (List<String> key : keys) {
            if (!locked.containsKey(mapping.key().render(key))) {
                held.add(key);
            }
        }
        // Left out: held by a writer, or gone. Only those still there are waited for.
        for (List<String> key : inTransaction(() -> keyValues(mapping, rows(lock, mapping, held, RowLock.NONE, 0)))) {
            for (int attempt = 1; ; attempt++) {
                try {
                    survivingDeadlocks(mapping, () -> inTransaction(() -> {
                        holdTable(lock, mapping);
                        work.run(rows(lock, mapping, List.of(key), RowLock.SHARE, LOCK_WAIT_SECONDS));
                        return null;
                    }));
                    break;
                } catch (SQLException e) {
                    if (attempt >= LOCK_TRIES || !"57014".equals(e.getSQLState())) {
                        throw attempt >= LOCK_TRIES ? new SQLException("writethrough: the row of key '"
                                + mapping.key().render(key) + "' in table " + mapping.table() + " stayed locked by another "
                                + "transaction for " + LOCK_TRIES * LOCK_WAIT_SECONDS + " s; run again later", "55P03", e) : e;
                    }
                }
            }
        }
    }

    /** While a cursor is open, takes the table's lock first, waiting {@link #CURSOR_LOCK_WAIT} at most. */
    private void holdTable(Connection connection, TableMapping mapping) throws SQLException {
        if (!cursorOpen) {
            return;
        }
        try {
            dialect.lockTableWithin(connection, mapping, CURSOR_LOCK_WAIT);
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw e;
            }
            throw new SQLException("locking rows waited " + CURSOR_LOCK_WAIT.toSeconds() + " s: " + CURSOR_IN_THE_WAY,
                    LOCK_NOT_AVAILABLE, e);
        }
    }

    /** The committed rows of {@code keys} (key → entry), read without a lock in a transaction of their own. */
    Map<String, EntryWrite> existing(TableMapping mapping, List<List<String>> keys) throws SQLException {
        return inTransaction(() -> rows(lock, mapping, keys, RowLock.NONE, 0));
    }

    private Map<String, EntryWrite> rows(Connection connection, TableMapping mapping, List<List<String>> keys, RowLock how,
            int timeoutSeconds) throws SQLException {
        try (PreparedStatement query = dialect.rowsByKey(connection, database, mapping, keys, how)) {
            query.setQueryTimeout(timeoutSeconds);
            return RenderedRows.read(dialect, mapping, query, null, keys.size());
        }
    }

    /** How many rows the key range holds now, unlocked. */
    private long countKeys(Connection connection, TableMapping mapping, List<String> after, List<String> last)
            throws SQLException {
        try (PreparedStatement query = dialect.keysInRange(connection, database, mapping, after, last, true);
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The keys (key columns' text, template order) of the rows the key range holds now, unlocked. */
    private List<List<String>> keysInRange(TableMapping mapping, List<String> after, List<String> last) throws SQLException {
        List<List<String>> keys = new ArrayList<>();
        try (PreparedStatement query = dialect.keysInRange(lock, database, mapping, after, last, false);
                ResultSet rs = query.executeQuery()) {
            EntryEncoder encoder = EntryEncoder.forRows(mapping, rs.getMetaData(), dialect, true);
            while (rs.next()) {
                List<String> values = encoder.keyValues(rs);
                if (values != null) {
                    keys.add(values);
                }
            }
        }
        return keys;
    }

    private static List<List<String>> keyValues(TableMapping mapping, Map<String, EntryWrite> rows) {
        List<List<String>> values = new ArrayList<>(rows.size());
        for (String key : rows.keySet()) {
            values.add(mapping.key().decode(key));
        }
        return values;
    }

    @FunctionalInterface
    private interface Transactional<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code transaction} again while the database ends it as a deadlock's victim ({@code 40P01}), as PostgreSQL
     * asks of a victim, up to {@link #DEADLOCK_TRIES} times. A lock transaction's statements all come before its work
     * and it rolls back when one fails, so a victim has written nothing. It holds no row while it waits for a writer's,
     * yet it can still close a cycle: its wait for one row holds that row's tuple lock, which a second writer queues
     * behind while the first waits for the second; and PostgreSQL waits, {@code SKIP LOCKED} or not, for a transaction
     * still at work on a newer version of a row it locks.
     */
    private <T> T survivingDeadlocks(TableMapping mapping, Transactional<T> transaction) throws SQLException {
        for (int tries = 1; ; tries++) {
            try {
                return transaction.run();
            } catch (SQLException e) {
                if (!DEADLOCK.equals(e.getSQLState())) {
                    throw e;
                }
                if (tries >= DEADLOCK_TRIES) {
                    throw new SQLException("writethrough: locking rows of table " + mapping.table() + " ended in a "
                            + "deadlock with other transactions " + tries + " times in a row; run again later", DEADLOCK, e);
                }
            }
        }
    }

    /** Runs {@code body} on {@code connection}, rolling its transaction back when it fails. */
    private static <T> T rolledBackOnFailure(Connection connection, Transactional<T> body) throws SQLException {
        try {
            return body.run();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Runs on the lock connection and commits; rolls back when anything fails. */
    private <T> T inTransaction(Transactional<T> body) throws SQLException {
        boolean done = false;
        try {
            T result = body.run();
            dialect.commitLockOnly(lock);
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    lock.rollback();
                } catch (SQLException e) {
                    // The failure that got here is the one to report.
                }
            }
        }
    }
}
