package io.writethrough.audit;

import io.writethrough.dialect.Dialect.RowLock;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.StoredEntry;
import io.writethrough.write.EntryEncoder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The pass over a table's rows, a chunk at a time: by pages of the key's unique index where the table has one, else
 * streamed through a cursor. Warming writes each chunk's entries under the rows' share locks. Verifying reads each
 * chunk's entries in one pipeline and compares them with what the driver's encoder renders from the rows; a row that
 * differs is looked at again under its lock (so that a writer's transaction under way is waited for, never taken for
 * a difference) and only then counted, and repaired.
 */
final class RowPass extends TablePass {

    RowPass(AuditRun run, TableMapping mapping, Tally tally) {
        super(run, mapping, tally);
    }

    @Override
    void run() throws SQLException {
        boolean warm = run.mode == AuditRun.Mode.WARM;
        int batch = run.options.batchSize();
        run.listener.passStarted(table, "rows", run.dialect.estimatedRows(run.read, mapping));
        if (run.dialect.pageable(run.read, run.database, mapping)) {
            try {
                if (warm) {
                    warmByPages(batch);
                } else {
                    compareByPages(batch);
                }
            } finally {
                run.read.rollback();
            }
            run.listener.passEnded();
            return;
        }
        // Warming needs only the keys from the cursor: it reads each row again under its lock.
        run.cursorOpen(true);
        try (PreparedStatement query = run.dialect.allRows(run.read, mapping, warm)) {
            query.setFetchSize(batch);
            try (ResultSet rs = query.executeQuery()) {
                EntryEncoder encoder = EntryEncoder.forRows(mapping, rs.getMetaData(), run.dialect, warm);
                List<List<String>> keys = new ArrayList<>(batch);
                List<EntryWrite> expected = new ArrayList<>(batch);
                while (rs.next()) {
                    if (warm) {
                        List<String> values = encoder.keyValues(rs);
                        if (values != null) {
                            keys.add(values);
                        }
                    } else {
                        String key = encoder.key(rs);
                        if (key != null) {
                            expected.add(encoder.put(key, rs));
                        }
                    }
                    if (keys.size() + expected.size() == batch) {
                        chunk(keys, expected);
                    }
                }
                chunk(keys, expected);
            }
            run.settle();
        } finally {
            // Ends the cursor's transaction (it only read).
            run.cursorOpen(false);
            run.read.rollback();
        }
        run.listener.passEnded();
    }

    /** A chunk of the cursor: first, if a table-wide lock request waits for the cursor, the pass stops for it. */
    private void chunk(List<List<String>> keys, List<EntryWrite> expected) throws SQLException {
        int count = keys.size() + expected.size();
        if (count == 0) {
            return;
        }
        if (run.dialect.holdsUpALockRequest(run.read)) {
            throw new SQLException(AuditRun.CURSOR_IN_THE_WAY, AuditRun.LOCK_NOT_AVAILABLE);
        }
        if (run.mode == AuditRun.Mode.WARM) {
            warm(keys);
        } else {
            compare(expected);
        }
        keys.clear();
        expected.clear();
        run.advance(count);
    }

    /**
     * Warms a table with a unique index on its key columns (or some of them): each page of rows is read once, locked
     * as it is read, in the index's order (no cursor of keys, no lookup of each key).
     */
    private void warmByPages(int batch) throws SQLException {
        List<String> after = null;
        do {
            RenderedRows.Page page = run.withLockedPageAhead(mapping, after, batch, this::fillUnique);
            run.advance(page.rows().size());
            after = page.last();
        } while (after != null);
        run.settle();
    }

    /**
     * Verifies (or repairs) a table with a unique index on its key columns (or some of them) by pages read unlocked,
     * each in a transaction of its own: between two pages the tool holds no lock on the table, so a table-wide lock
     * requested meanwhile ({@code ALTER TABLE}, {@code TRUNCATE}) waits for one page's read at most, and the
     * applications' queries queued behind that request with it. (A cursor would hold the table for the whole pass.)
     */
    private void compareByPages(int batch) throws SQLException {
        List<String> after = null;
        do {
            RenderedRows.Page page;
            try {
                page = RenderedRows.page(run.dialect, run.read, run.database, mapping, after, batch, RowLock.NONE);
            } finally {
                run.read.rollback();
            }
            if (!page.rows().isEmpty()) {
                compare(new ArrayList<>(page.rows().values()));
                run.advance(page.rows().size());
            }
            after = page.last();
        } while (after != null);
    }

    private void warm(List<List<String>> keys) throws SQLException {
        run.withLockedRowsAhead(mapping, new ArrayList<>(keys), this::fill);
    }

    /**
     * Writes locked rows' entries where no transaction owns the key. On the Redis thread for the rows locked at once
     * (the tally is read only after the pass has settled).
     */
    private void fill(Map<String, EntryWrite> rows) {
        filled(rows, run.redis::fillDistinct);
    }

    /** As {@link #fill}, for rows under a unique index on the key's columns or some of them (a page). */
    private void fillUnique(Map<String, EntryWrite> rows) {
        filled(rows, run.redis::fillLockedRows);
    }

    private void filled(Map<String, EntryWrite> rows, ToLongFunction<List<EntryWrite>> fill) {
        List<EntryWrite> writes = new ArrayList<>(rows.values());
        long filled = writes.isEmpty() ? 0 : fill.applyAsLong(writes);
        tally.rows += writes.size();
        tally.written += filled;
        tally.owned += writes.size() - filled;
    }

    private void compare(List<EntryWrite> expected) throws SQLException {
        List<String> keys = new ArrayList<>(expected.size());
        for (EntryWrite entry : expected) {
            keys.add(entry.key());
        }
        List<StoredEntry> stored = run.reader.readEntries(keys, hash, false);
        List<List<String>> differing = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (EntryCheck.compare(expected.get(i), stored.get(i)) == null) {
                tally.rows++;
                tally.matching++;
            } else {
                differing.add(mapping.key().decode(keys.get(i)));
            }
        }
        if (!differing.isEmpty()) {
            run.withLockedRows(mapping, differing, rows -> confirm(new ArrayList<>(rows.values())));
        }
    }

    /** Under the rows' locks: compares again, counts what still differs, and repairs it. */
    private void confirm(List<EntryWrite> rows) throws SQLException {
        List<String> keys = new ArrayList<>(rows.size());
        for (EntryWrite row : rows) {
            keys.add(row.key());
        }
        List<StoredEntry> stored = run.reader.readEntries(keys, hash, true);
        List<EntryWrite> fixes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            tally.rows++;
            EntryCheck.Mismatch mismatch = EntryCheck.compare(rows.get(i), stored.get(i));
            if (mismatch == null) {
                tally.matching++;
                continue;
            }
            if (mismatch.kind() == Difference.Kind.MISSING) {
                tally.missing++;
            } else {
                tally.stale++;
            }
            boolean marked = stored.get(i).marked();
            Difference.Action action = run.action(marked);
            if (marked) {
                tally.owned++;
            } else if (action == Difference.Action.FIXED) {
                fixes.add(rows.get(i));
            }
            run.record(new Difference(table, mismatch.kind(), keys.get(i), mismatch.field(), mismatch.redisValue(),
                    mismatch.databaseValue(), action));
        }
        if (!fixes.isEmpty()) {
            // Only where no transaction has taken the key since it was read.
            int owned = run.redis.fill(fixes).size();
            tally.written += fixes.size() - owned;
            tally.owned += owned;
        }
    }
}
