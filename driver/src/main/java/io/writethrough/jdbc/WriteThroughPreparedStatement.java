package io.writethrough.jdbc;

import io.writethrough.jdbc.forwarding.ForwardingPreparedStatement;
import io.writethrough.jdbc.rows.MaterializedResultSet;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.WritePlan;
import io.writethrough.write.PlannedExecution;
import io.writethrough.write.SqlWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement whose SQL was analysed once, when it was prepared. For a write on a mapped table the real
 * statement was prepared from the plan's SQL (with the RETURNING the driver needs) and with generated keys
 * requested; parameters are set on it directly. Behaviour lives in {@link StatementCore}.
 */
public final class WriteThroughPreparedStatement extends ForwardingPreparedStatement {

    private final StatementCore core;
    private final Analysis analysis;
    private final WritePlan plan;
    private final boolean generatedKeys;
    /** How its batches are sent as multi-row INSERTs with {@code reWriteBatchedInserts}, or null. */
    private final BatchRewrite rewrite;
    /** The application's SQL, until it has been described once (see {@link PlannedExecution#describeOriginal}). */
    private String undescribedSql;

    /**
     * @param plan the statement's plan as prepared (with its foreign-key reads), or null when not planned
     * @param rewrite how its batches are rewritten (it then records the parameters set on {@code real}), or null
     */
    WriteThroughPreparedStatement(WriteThroughConnection connection, PreparedStatement real, String sql,
            AnalyzedStatement statement, WritePlan plan, boolean generatedKeys, BatchRewrite rewrite) {
        super(rewrite == null ? real : rewrite.recording());
        this.core = new StatementCore(connection, this, real);
        core.use(statement);
        this.analysis = statement.analysis();
        this.plan = plan;
        this.generatedKeys = generatedKeys;
        this.rewrite = rewrite;
        this.undescribedSql = sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        core.results().reset();
        if (plan != null) {
            runPlanned();
            return core.queryResult(plan);
        }
        return core.results().wrap(passThrough(() -> delegate().executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        core.results().reset();
        if (plan == null) {
            return passThrough(() -> delegate().executeLargeUpdate());
        }
        runPlanned();
        return core.updateResult(plan);
    }

    @Override
    public boolean execute() throws SQLException {
        core.results().reset();
        if (plan == null) {
            return passThrough(() -> delegate().execute());
        }
        runPlanned();
        return plan.applicationReturning();
    }

    private MaterializedResultSet runPlanned() throws SQLException {
        String describe = undescribedSql;
        MaterializedResultSet rows = core.runPlanned(plan, describe, () -> delegate().execute(), generatedKeys);
        undescribedSql = null;
        return rows;
    }

    private <T> T passThrough(SqlWork<T> work) throws SQLException {
        return core.passThrough(analysis, work, () -> delegate().getParameterMetaData());
    }

    // ---- batches --------------------------------------------------------------------------------------

    @Override
    public int[] executeBatch() throws SQLException {
        long[] rewritten = rewritten();
        return rewritten != null ? BatchRewrite.ints(rewritten) : batch(() -> delegate().executeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        long[] rewritten = rewritten();
        return rewritten != null ? rewritten : batch(() -> delegate().executeLargeBatch());
    }

    /** The counts of a batch sent as multi-row INSERTs ({@link BatchRewrite}), or null when it takes the usual path. */
    private long[] rewritten() throws SQLException {
        if (rewrite == null) {
            return null;
        }
        core.results().reset();
        long[] counts = rewrite.execute(core, this);
        if (counts != null) {
            core.results().planned(null, null, -1);
        }
        return counts;
    }

    /** A planned batch writes its returned rows through; pgjdbc has no cursor for batches, so they are not streamed. */
    private <C> C batch(SqlWork<C> run) throws SQLException {
        core.results().reset();
        if (plan == null) {
            core.refuseIfUnsupported(analysis, () -> delegate().getParameterMetaData());
            return run.run();
        }
        PlannedExecution.Batched<C> batched = core.batch(plan, run, generatedKeys);
        core.results().planned(null, batched.kept(), batched.updateCount());
        return batched.counts();
    }

    // ---- results ---------------------------------------------------------------------------------------

    @Override
    public ResultSet getResultSet() throws SQLException {
        return core.results().resultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) core.results().updateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return core.results().updateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return core.results().moreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return core.results().moreResults(current);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return core.results().generatedKeys();
    }

    @Override
    public Connection getConnection() {
        return core.connection();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        core.results().closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return core.results().isCloseOnCompletion();
    }

    @Override
    public void close() throws SQLException {
        core.results().reset();
        try {
            delegate().close();
        } finally {
            if (rewrite != null) {
                rewrite.close();
            }
        }
    }
}
