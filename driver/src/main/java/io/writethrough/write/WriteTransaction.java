package io.writethrough.write;

import io.writethrough.dialect.Dialect;
import io.writethrough.journal.JournalClosedException;
import io.writethrough.journal.TransactionJournal;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.sql.TransactionControl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection's transaction as the driver follows it: autocommit, the implicit transaction a write on a mapped
 * table runs in under autocommit, explicit transactions (JDBC methods or SQL such as {@code BEGIN}), savepoints,
 * commit and rollback — keeping the {@link TransactionJournal} in step with the database. Before an undo it asks
 * the database which taken-over owners committed ({@link OwnerStatusQuery}) and hands the answer to the journal, so
 * the journal never calls back. It is the {@link EntrySink} of the statements' returned rows.
 *
 * <p>Rollbacks put Redis back first, then roll the database back (see {@code docs/design.md}, "Consistency model").
 */
public final class WriteTransaction implements EntrySink {

    /**
     * How often an idle connection's pending marks are looked at: they wait one to two periods for the connection's
     * next script call before they go alone ({@link IdleRelease}).
     */
    static final long IDLE_RELEASE_MILLIS = 250;

    private final Connection real;
    private final Dialect dialect;
    private final OwnershipStore store;
    private final TransactionJournal journal;
    private final OwnerStatusQuery owners;
    private final Housekeeping housekeeping;
    private final IdleRelease idleRelease;
    private final DriverMetrics metrics;
    /** A statement in a transaction sends its Redis write without waiting for the reply ({@code redis.pipeline}). */
    private final boolean pipelined;
    /** The application's autocommit setting; the real connection leaves it only for an implicit transaction. */
    private boolean autoCommit;
    /** A transaction begun with a BEGIN statement while autocommit is on: no implicit commits until it ends. */
    private boolean explicitTransaction;
    /** Writes collected from several statements (a plain-statement batch), sent in one script call; or null. */
    private List<EntryWrite> heldWrites;
    private long heldXid;

    /**
     * @param database the identity of the database's transaction ids ({@link Dialect#databaseId})
     * @param housekeeping where keys go that an undo could not decide, and idle marks' release runs
     * @param metrics where statements the driver refuses are counted
     * @param pipelined a statement in a transaction does not wait for its Redis write: the transaction waits for all
     *     of them before it commits (see {@link TransactionJournal#send})
     */
    public WriteTransaction(Connection real, Dialect dialect, OwnershipStore store, String database, Housekeeping housekeeping,
            DriverMetrics metrics, boolean pipelined) throws SQLException {
        this.real = real;
        this.dialect = dialect;
        this.housekeeping = housekeeping;
        this.metrics = metrics;
        this.pipelined = pipelined;
        this.store = store;
        this.journal = new TransactionJournal(store, database);
        this.idleRelease = new IdleRelease(journal, housekeeping, IDLE_RELEASE_MILLIS);
        this.owners = new OwnerStatusQuery(real, dialect);
        this.autoCommit = real.getAutoCommit();
    }

    /**
     * Runs a write on a mapped table inside the application's transaction, or — in autocommit mode — in an implicit
     * transaction that commits only after Redis has the rows, so the database never keeps a write that Redis missed.
     */
    public <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
        Exception failure = journal.failure();
        if (failure != null) {
            throw metrics.refused(new SQLException("writethrough: this transaction can no longer write to mapped tables or "
                    + "commit: an earlier write-through failed (" + failure.getMessage() + "); roll back",
                    SqlStates.REDIS_FAILED, failure));
        }
        try {
            // While Redis is known not to answer, the write fails before it runs: no row is locked for nothing.
            store.refuseWhileUnresponsive();
        } catch (RedisWriteException e) {
            if (!autoCommit || explicitTransaction) {
                journal.doom(e);
            }
            throw metrics.refused(new SQLException("writethrough: " + e.getMessage() + "; the statement did not run",
                    SqlStates.REDIS_FAILED, e));
        }
        if (!autoCommit || explicitTransaction) {
            return work.run();
        }
        real.setAutoCommit(false);
        try {
            T result = work.run();
            commitDatabase();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            if (journal.failure() instanceof RedisWriteException) {
                // This call has already waited out Redis once; the undo is retried in the background instead.
                journal.rolledBackWithoutWaiting();
            }
            rollbackQuietly(e);
            throw e;
        } finally {
            real.setAutoCommit(true);
        }
    }

    /** Sends one statement's entries to Redis (or holds them for a batch). A failure dooms the transaction. */
    @Override
    public void write(List<EntryWrite> writes, long xid) throws SQLException {
        if (heldWrites != null) {
            heldWrites.addAll(writes);
            heldXid = xid;
            return;
        }
        try {
            if (pipelined && inTransaction()) {
                journal.send(writes, xid);
            } else {
                journal.write(writes, xid);
            }
        } catch (JournalClosedException e) {
            throw metrics.refused(new SQLException("writethrough: " + e.getMessage() + "; its rows were not written to Redis",
                    "08003", e));
        } catch (RedisWriteException e) {
            throw metrics.refused(new SQLException("writethrough: " + e.getMessage() + "; the transaction cannot commit",
                    SqlStates.REDIS_FAILED, e));
        }
    }

    /**
     * Runs several statements whose writes go to Redis together, in one script call after the last one: a
     * plain-statement batch. If one fails, nothing is sent (the batch's transaction cannot commit).
     */
    public <T> T withWritesHeld(SqlWork<T> statements) throws SQLException {
        heldWrites = new ArrayList<>();
        try {
            T result = statements.run();
            List<EntryWrite> writes = heldWrites;
            heldWrites = null;
            if (!writes.isEmpty()) {
                write(writes, heldXid);
            }
            return result;
        } finally {
            heldWrites = null;
        }
    }

    /** Waits for the writes sent and not yet answered, before a read of Redis that must find them; a failure dooms. */
    void settle() {
        journal.settle();
    }

    /** Counts a statement the driver refuses on purpose; returns {@code refusal}, for {@code throw}. */
    SQLException refused(SQLException refusal) {
        return metrics.refused(refusal);
    }

    /** A statement ran in the database but its rows could not be written through: the transaction cannot commit. */
    void doom(Exception cause) {
        journal.doom(cause);
    }

    /** True while the connection is in a transaction the application controls (autocommit off, or after BEGIN). */
    public boolean inTransaction() {
        return !autoCommit || explicitTransaction;
    }

    /** True once the current transaction has written to Redis. */
    public boolean active() {
        return journal.isActive();
    }

    /**
     * Runs a transaction-control statement sent as SQL ({@code BEGIN}, {@code COMMIT}, {@code SAVEPOINT s}, ...)
     * and keeps the journal in step with it, as the JDBC methods do.
     */
    public <T> T control(TransactionControl control, SqlWork<T> work) throws SQLException {
        switch (control.kind()) {
            case BEGIN: {
                T result = work.run();
                explicitTransaction = autoCommit;
                return result;
            }
            case COMMIT:
                return commitStatement(work);
            case ROLLBACK: {
                undoBeforeRollback();
                explicitTransaction = false;
                return work.run();
            }
            case SAVEPOINT: {
                T result = work.run();
                journal.savepoint(new SqlSavepoint(control.savepoint()));
                return result;
            }
            case ROLLBACK_TO_SAVEPOINT:
                return rollbackToSavepoint(new SqlSavepoint(control.savepoint()), work);
            case RELEASE_SAVEPOINT: {
                T result = work.run();
                journal.release(new SqlSavepoint(control.savepoint()));
                return result;
            }
            default:
                if (journal.isActive()) {
                    throw metrics.refused(new SQLException("writethrough: this transaction-control statement (two-phase "
                            + "commit, AND CHAIN, or several statements in one string) cannot be followed while the "
                            + "transaction has written to Redis; use Connection.commit(), rollback() and setSavepoint()",
                            SqlStates.UNSUPPORTED));
                }
                return work.run();
        }
    }

    /** A savepoint set with a SAVEPOINT statement; equal by name, as PostgreSQL finds it. */
    private record SqlSavepoint(String name) {
    }

    /**
     * COMMIT sent as SQL. PostgreSQL answers COMMIT in a failed transaction by rolling back, without an
     * error, so before committing with marks to release the driver asks whether the transaction failed.
     */
    private <T> T commitStatement(SqlWork<T> work) throws SQLException {
        explicitTransaction = false;
        Exception failure = journal.settledFailure();
        if (failure != null) {
            undoBeforeRollback();
            try (Statement rollback = real.createStatement()) {
                rollback.execute("ROLLBACK");
            }
            throw rolledBackInsteadOfCommitted(failure);
        }
        if (!journal.isActive()) {
            return work.run();
        }
        boolean failed = false;
        try {
            dialect.probeTransaction(real);
        } catch (SQLException e) {
            if (!dialect.isFailedTransaction(e)) {
                throw e;
            }
            failed = true;
        }
        T result;
        try {
            result = work.run();
        } catch (SQLException e) {
            commitFailed(e);
            throw e;
        }
        if (failed) {
            refill(journal.rolledBack(owners.afterTransaction(journal.ownersToDecide())));
        } else {
            committed();
        }
        return result;
    }

    // ---- the JDBC transaction methods -----------------------------------------------------------------

    public boolean autoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(boolean autoCommit) throws SQLException {
        if (autoCommit && !this.autoCommit) {
            // JDBC: switching autocommit on commits the current transaction.
            commit();
        }
        real.setAutoCommit(autoCommit);
        this.autoCommit = autoCommit;
        explicitTransaction = false;
    }

    public void commit() throws SQLException {
        Exception failure = journal.settledFailure();
        if (failure != null) {
            rollbackQuietly(null);
            throw rolledBackInsteadOfCommitted(failure);
        }
        if (journal.isActive() && dialect.transactionFailed(real)) {
            // A statement failed and the application commits anyway: PostgreSQL will roll back, pgjdbc (by default)
            // silently, so Redis is put back first, as for any rollback.
            undoBeforeRollback();
        }
        commitDatabase();
    }

    private void commitDatabase() throws SQLException {
        try {
            real.commit();
        } catch (SQLException e) {
            commitFailed(e);
            throw e;
        }
        committed();
    }

    /** The marks of a committed transaction ride along with the connection's next script call, or go when it idles. */
    private void committed() {
        idleRelease.committed(journal.committed());
    }

    private SQLException rolledBackInsteadOfCommitted(Exception failure) {
        return metrics.refused(new SQLException("writethrough: transaction rolled back instead of committed: a "
                + "write-through to Redis failed (" + failure.getMessage() + ")", SqlStates.ROLLED_BACK, failure));
    }

    /** A COMMIT failed: PostgreSQL rolled back, unless the connection broke and the outcome is unknown. */
    private void commitFailed(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            refill(journal.outcomeUnknown());
        } else {
            refill(journal.rolledBack(owners.afterTransaction(journal.ownersToDecide())));
        }
    }

    public void rollback() throws SQLException {
        undoBeforeRollback();
        real.rollback();
    }

    private void rollbackQuietly(Throwable primary) {
        undoBeforeRollback();
        try {
            real.rollback();
        } catch (SQLException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    /** Redis first: every key the transaction wrote is put back before the database rolls back. Never throws. */
    private void undoBeforeRollback() {
        refill(journal.rolledBack(owners.beforeRollback(journal.ownersToDecide())));
    }

    private void refill(List<String> undecided) {
        if (!undecided.isEmpty()) {
            housekeeping.refill(undecided);
        }
    }

    /** After the real connection set a savepoint. */
    public void savepointSet(Object savepoint) {
        journal.savepoint(savepoint);
    }

    /** Redis first, then the database; if Redis cannot be restored the transaction is doomed (a full rollback will). */
    public <T> T rollbackToSavepoint(Object savepoint, SqlWork<T> databaseRollback) throws SQLException {
        RedisWriteException failure = null;
        try {
            refill(journal.rollbackTo(savepoint, owners.inTransaction(journal.ownersToDecide(savepoint))));
        } catch (RedisWriteException e) {
            failure = e;
        }
        T result = databaseRollback.run();
        if (failure != null) {
            throw metrics.refused(new SQLException("writethrough: rolled back to the savepoint, but Redis could not be "
                    + "restored (" + failure.getMessage() + "); the transaction can no longer commit", SqlStates.REDIS_FAILED,
                    failure));
        }
        return result;
    }

    /** After the real connection released a savepoint. */
    public void savepointReleased(Object savepoint) {
        journal.release(savepoint);
    }

    /**
     * The connection is closing. Closing with an open transaction rolls it back (PostgreSQL does so on disconnect) —
     * also when the session is already gone (terminated, network lost): its writes never committed.
     */
    public void close() {
        if (journal.isActive()) {
            undoBeforeRollback();
        }
        journal.releaseMarks();
        journal.close();
    }

    /** The connection is aborted, maybe from another thread: the owners' fate cannot be asked. */
    public void abort() {
        journal.close();
        refill(journal.rolledBack(null));
    }
}
