package io.writethrough.jdbc;

import io.writethrough.jdbc.forwarding.ForwardingPreparedStatement;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.TransactionControl;
import io.writethrough.sql.Unsupported;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement whose SQL was analysed once, when it was prepared. For a write on a mapped table
 * the real statement was prepared from the plan's SQL (with the RETURNING the driver needs) and with
 * generated keys requested; parameters are set on it directly.
 */
public final class WriteThroughPreparedStatement extends ForwardingPreparedStatement {

    private final WriteThroughConnection connection;
    private final Analysis analysis;
    private final WritePlan plan;
    private final boolean generatedKeys;
    private final String sql;
    /** The original SQL of a key-changing UPDATE was described once (see WriteThroughConnection#describeOriginal). */
    private boolean described;
    private final StatementResults results = new StatementResults(this);

    WriteThroughPreparedStatement(WriteThroughConnection connection, PreparedStatement real, String sql, Analysis analysis,
            boolean generatedKeys) {
        super(real);
        this.connection = connection;
        this.analysis = analysis;
        this.plan = analysis instanceof WritePlan p ? p : null;
        this.generatedKeys = generatedKeys;
        this.sql = sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        results.reset();
        if (plan != null) {
            MaterializedResultSet rows = runPlanned();
            if (!plan.applicationReturning()) {
                throw new SQLException("No results were returned by the query.", SqlStates.NO_RESULT);
            }
            return rows;
        }
        return results.wrap(passThrough(() -> delegate().executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        results.reset();
        if (plan == null) {
            return passThrough(() -> delegate().executeLargeUpdate());
        }
        runPlanned();
        if (plan.applicationReturning()) {
            throw new SQLException("A result was returned when none was expected.", SqlStates.RESULT_NOT_EXPECTED);
        }
        return results.updateCount(delegate());
    }

    @Override
    public boolean execute() throws SQLException {
        results.reset();
        if (plan == null) {
            return passThrough(() -> delegate().execute());
        }
        runPlanned();
        return plan.applicationReturning();
    }

    private MaterializedResultSet runPlanned() throws SQLException {
        boolean keep = generatedKeys || plan.applicationReturning();
        connection.checkBeforeRunning(plan);
        if (!described) {
            connection.describeOriginal(plan, sql);
            described = true;
        }
        WriteThroughConnection.Executed executed = connection.executePlanned(plan, delegate(), () -> delegate().execute(),
                keep, this);
        MaterializedResultSet rows = executed.kept();
        results.planned(plan.applicationReturning() ? rows : null, generatedKeys ? rows : null, executed.updateCount());
        return rows;
    }

    /** See {@link WriteThroughStatement}: transaction control keeps the journal in step, unsupported writes are refused. */
    private <T> T passThrough(WriteThroughConnection.SqlWork<T> work) throws SQLException {
        if (analysis instanceof TransactionControl control) {
            return connection.transactionControl(control, work);
        }
        refuseIfUnsupported();
        return work.run();
    }

    private void refuseIfUnsupported() throws SQLException {
        if (analysis instanceof Unsupported unsupported) {
            connection.refuseUnsupported(unsupported, () -> delegate().getParameterMetaData());
        }
    }

    // ---- batches --------------------------------------------------------------------------------------

    @Override
    public void addBatch() throws SQLException {
        if (plan != null && plan.keyChange()) {
            // Rows of a batch carry no mark of their entry, and the order of key moves across entries
            // decides which keys survive.
            throw new SQLException("writethrough: an UPDATE that changes key columns of mapped table "
                    + plan.mappings().get(0).table() + " cannot be batched; execute it once per row",
                    SqlStates.UNSUPPORTED);
        }
        delegate().addBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        results.reset();
        if (plan == null) {
            refuseIfUnsupported();
            return delegate().executeBatch();
        }
        return connection.inWriteTransaction(() -> RowLimits.lifted(delegate(), maxRows -> {
            int[] c = delegate().executeBatch();
            writeBatchRows(maxRows);
            return c;
        }));
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        results.reset();
        if (plan == null) {
            refuseIfUnsupported();
            return delegate().executeLargeBatch();
        }
        return connection.inWriteTransaction(() -> RowLimits.lifted(delegate(), maxRows -> {
            long[] c = delegate().executeLargeBatch();
            writeBatchRows(maxRows);
            return c;
        }));
    }

    /** Writes the batch's returned rows through; pgjdbc has no cursor for batches, so they are not streamed. */
    private void writeBatchRows(long maxRows) throws SQLException {
        MaterializedResultSet kept = connection.writeReturnedRows(plan, delegate(), generatedKeys, this, maxRows).kept();
        results.planned(null, kept, delegate().getLargeUpdateCount());
    }

    // ---- results ---------------------------------------------------------------------------------------

    @Override
    public ResultSet getResultSet() throws SQLException {
        return results.resultSet(delegate());
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) results.updateCount(delegate());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return results.updateCount(delegate());
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return results.moreResults(delegate(), CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return results.moreResults(delegate(), current);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return results.generatedKeys(delegate());
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        results.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return results.isCloseOnCompletion();
    }

    @Override
    public void close() throws SQLException {
        results.reset();
        delegate().close();
    }
}
