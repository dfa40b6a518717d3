package io.writethrough.differential;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a workload run did, counted from every thread; printed at the end of each run. */
public final class RunFigures {

    final LongAdder transactions = new LongAdder();
    final LongAdder committed = new LongAdder();
    final LongAdder autocommitted = new LongAdder();
    /** Full rollbacks the workload chose (rollback() or close without commit). */
    final LongAdder rolledBack = new LongAdder();
    final LongAdder closedUncommitted = new LongAdder();
    /** Transactions rolled back because a statement or the commit failed with an expected error. */
    final LongAdder rolledBackOnError = new LongAdder();
    final LongAdder savepointRollbacks = new LongAdder();
    final LongAdder savepointReleases = new LongAdder();
    final LongAdder statements = new LongAdder();
    final LongAdder batches = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile long nanos;

    void error(SQLException e) {
        errors.computeIfAbsent(String.valueOf(e.getSQLState()), s -> new LongAdder()).increment();
    }

    public Map<String, Long> errorsBySqlState() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((state, count) -> out.put(state, count.sum()));
        return out;
    }

    void finished(Duration duration) {
        nanos = duration.toNanos();
    }

    Duration duration() {
        return Duration.ofNanos(nanos);
    }

    /** All full rollbacks, chosen or forced by an error, as a share of all transactions. */
    public double rollbackShare() {
        long all = transactions.sum();
        return all == 0 ? 0 : (double) (rolledBack.sum() + rolledBackOnError.sum()) / all;
    }

    @Override
    public String toString() {
        long millis = Math.max(1, Duration.ofNanos(nanos).toMillis());
        return String.format("transactions=%d (committed=%d, autocommit=%d, rolled back=%d [of which closed uncommitted=%d], "
                        + "rolled back on error=%d, rollback share=%.1f%%), statements=%d, batches=%d, "
                        + "savepoint rollbacks=%d, savepoint releases=%d, errors by SQLState=%s, duration=%.1f s (%.0f tx/s)",
                transactions.sum(), committed.sum(), autocommitted.sum(), rolledBack.sum(), closedUncommitted.sum(),
                rolledBackOnError.sum(), 100 * rollbackShare(), statements.sum(), batches.sum(), savepointRollbacks.sum(),
                savepointReleases.sum(), errorsBySqlState(), millis / 1000.0, transactions.sum() * 1000.0 / millis);
    }
}
