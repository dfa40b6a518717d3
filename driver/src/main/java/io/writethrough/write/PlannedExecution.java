package io.writethrough.write;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.WriteReach;
import io.writethrough.jdbc.rows.MaterializedResultSet;
import io.writethrough.mapping.TableMapping;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs planned statements — writes on mapped tables, with the RETURNING their plan adds — on one connection, and
 * hands their returned rows forward: rows to {@link ReturnedRows}, which encodes them and hands the entries to the
 * {@link WriteTransaction}. Keeps the connection's returned-row layouts ({@link ReturnedRows.Cache}).
 */
public final class PlannedExecution {

    /** Rows pgjdbc fetches at a time when the application keeps none of a planned statement's rows. */
    public static final int STREAMED_ROWS = ReturnedRows.CHUNK_ROWS;

    private final Connection real;
    private final String database;
    private final Dialect dialect;
    private final WriteTransaction transaction;
    private final ReturnedRows.Cache readers = new ReturnedRows.Cache();
    private final UnseenWrites unseen;
    private final CascadeWrites cascades;

    /**
     * @param unseen the connection's watch for rows written unseen; told of every row written through
     * @param mappings the configuration's mappings, for the rows foreign-key actions reach
     */
    public PlannedExecution(Connection real, String database, Dialect dialect, WriteTransaction transaction,
            UnseenWrites unseen, List<TableMapping> mappings) {
        this.real = real;
        this.database = database;
        this.dialect = dialect;
        this.transaction = transaction;
        this.unseen = unseen;
        this.cascades = new CascadeWrites(real, database, dialect, mappings);
    }

    /** What a planned execution gives the application: its own rows (or null) and the update count. */
    public record Executed(MaterializedResultSet kept, long updateCount) {
    }

    /**
     * Before a planned statement runs: the table's mapping names only columns the table has, and a key-changing
     * UPDATE's key columns identify a row; either failing refuses the statement before it runs.
     */
    public void checkBeforeRunning(WritePlan plan) throws SQLException {
        try {
            dialect.checkMapping(real, database, plan);
            if (plan.keyChange()) {
                dialect.checkKeyChange(real, database, plan);
            }
        } catch (SQLException e) {
            // The driver's own refusals are counted; the database's errors (reading its catalog) are its own.
            throw e.getMessage() != null && e.getMessage().startsWith("writethrough:") ? transaction.refused(e) : e;
        }
    }

    /**
     * A key-changing UPDATE runs rewritten (its WHERE moves into a sub-query), so an error PostgreSQL finds in the
     * application's text would point into the rewrite. The server first parses and analyses the original text
     * without running it, so such an error is the database's own, about the application's SQL. Only for SQL without
     * {@code ?} parameters: described unbound, pgjdbc would type them as text and report errors the real
     * execution, with its bound values, does not have.
     */
    public void describeOriginal(WritePlan plan, String originalSql) throws SQLException {
        if (plan.keyChange() && originalSql.indexOf('?') < 0) {
            try (PreparedStatement describe = real.prepareStatement(originalSql)) {
                describe.getParameterMetaData();
            }
        }
    }

    /**
     * Runs a planned statement ({@code execution} executes {@code statement}) in the write transaction and writes its
     * returned rows through.
     *
     * <p>When the application keeps none of the rows, pgjdbc fetches them {@link #STREAMED_ROWS} at a time through a
     * cursor (it needs a transaction, and the statement runs in one), so a statement that touches a million rows
     * never holds them all, and one that returns fewer still completes in one round trip. pgjdbc then reports an
     * update count only if the rows fitted in the first fetch; otherwise the count is the number of rows returned,
     * which for DML with RETURNING is the number of rows affected. A statement known to return no more than one
     * fetch ({@link WritePlan#maxRows()}: {@code INSERT ... VALUES}, a write by key) is not streamed: pgjdbc's cursor
     * costs it a few microseconds.
     *
     * @param keep whether to keep the application's columns for it (own RETURNING, generated keys)
     * @param watch the database's reach when the statement may write mapped rows unseen ({@link UnseenWrites}), or null
     */
    public Executed execute(WritePlan plan, Statement statement, SqlWork<?> execution, boolean keep, Statement owner,
            WriteReach watch) throws SQLException {
        boolean stream = !keep && !(plan.maxRows() >= 0 && plan.maxRows() <= STREAMED_ROWS);
        return transaction.inWriteTransaction(() -> watched(watch, () -> RowLimits.lifted(statement, maxRows -> {
            int fetchSize = stream ? statement.getFetchSize() : 0;
            if (stream) {
                statement.setFetchSize(STREAMED_ROWS);
            }
            try {
                execution.run();
                ReturnedRows.Written written = writeReturnedRows(plan, statement, null, keep, owner, maxRows);
                long count = statement.getLargeUpdateCount();
                return new Executed(written.kept(), count < 0 && stream ? written.rows() : count);
            } finally {
                if (stream && !statement.isClosed()) {
                    statement.setFetchSize(fetchSize);
                }
            }
        })));
    }

    /** The connection's watch for rows written unseen. */
    public UnseenWrites unseen() {
        return unseen;
    }

    /** Runs {@code work} between the counter readings of {@code watch}, or plainly when it is null. */
    public <T> T watched(WriteReach watch, SqlWork<T> work) throws SQLException {
        return watch == null ? work.run() : unseen.watch(watch, work);
    }

    /**
     * Runs a prepared statement's batch of a planned write in the write transaction and writes its returned rows
     * through; pgjdbc has no cursor for batches, so they are not streamed.
     *
     * @return the batch's update counts, and the rows kept for the application when {@code keep} is set
     */
    public <C> Batched<C> executeBatch(WritePlan plan, Statement statement, SqlWork<C> batch, boolean keep, Statement owner,
            WriteReach watch) throws SQLException {
        return transaction.inWriteTransaction(() -> watched(watch, () -> RowLimits.lifted(statement, maxRows -> {
            C counts = batch.run();
            MaterializedResultSet kept = writeReturnedRows(plan, statement, plan.keyChange() ? counts : null, keep, owner,
                    maxRows).kept();
            return new Batched<>(counts, kept, statement.getLargeUpdateCount());
        })));
    }

    /**
     * Runs one planned entry of a plain-statement batch and writes its rows through (held by the transaction until
     * the batch's last entry has run); returns its update count.
     */
    public long executeBatchEntry(WritePlan plan, Statement statement, Statement owner) throws SQLException {
        statement.execute(plan.sql(), Statement.RETURN_GENERATED_KEYS);
        long count = statement.getLargeUpdateCount();
        writeReturnedRows(plan, statement, null, false, owner, 0);
        return count;
    }

    /**
     * Runs several planned statements in the write transaction (watched when {@code watch} is set) with their writes
     * held and sent to Redis together, in one script call after the last ({@link WriteTransaction#withWritesHeld}):
     * a batch run statement by statement. If one fails, nothing is sent.
     */
    public <T> T withWritesTogether(WriteReach watch, SqlWork<T> statements) throws SQLException {
        return transaction.inWriteTransaction(() -> watched(watch, () -> transaction.withWritesHeld(statements)));
    }

    /** Runs {@code work} with the application's row limits lifted from {@code statement} (see {@link RowLimits}). */
    public <T> T withRowLimitsLifted(Statement statement, SqlWork<T> work) throws SQLException {
        return RowLimits.lifted(statement, maxRows -> work.run());
    }

    /** What a batch gives the application. */
    public record Batched<C>(C counts, MaterializedResultSet kept, long updateCount) {
    }

    /**
     * Writes through the rows a planned statement just returned. Any failure after the database ran the
     * statement dooms the transaction: the database holds a write that Redis may lack.
     *
     * @param batchCounts a batch's update counts when its entries' rows must be told apart ({@link BatchEntries}), else
     *     null
     * @param keep whether to keep the application's columns for it (own RETURNING, generated keys)
     * @param keepAtMost the most rows kept for the application (its {@code maxRows}), 0 for all
     */
    public ReturnedRows.Written writeReturnedRows(WritePlan plan, Statement statement, Object batchCounts, boolean keep,
            Statement owner, long keepAtMost) throws SQLException {
        try {
            BatchEntries entries = batchCounts == null ? null : BatchEntries.of(batchCounts);
            ReturnedRows.Written written = ReturnedRows.writeThrough(plan, statement.getGeneratedKeys(), entries, keep,
                    keepAtMost, owner, readers, transaction, oid -> dialect.tableOf(real, database, oid), dialect);
            unseen.saw(plan.target().name(), written.rows());
            if (!written.extras().isEmpty()) {
                cascades.writeThrough(written.extras(), written.xid(), transaction, unseen);
            }
            return written;
        } catch (SQLException | RuntimeException e) {
            transaction.doom(e);
            throw e;
        }
    }
}
