package io.writethrough.jdbc;

import io.writethrough.dialect.WriteReach;
import io.writethrough.jdbc.rows.MaterializedResultSet;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.TransactionControl;
import io.writethrough.sql.Unsupported;
import io.writethrough.sql.WritePlan;
import io.writethrough.write.PlannedExecution;
import io.writethrough.write.SqlStates;
import io.writethrough.write.SqlWork;
import io.writethrough.write.UnseenWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every statement wrapper does, in one place: a planned write runs through the connection's
 * {@link PlannedExecution}; transaction control sent as SQL is followed by the connection's transaction; an
 * unsupported write on a mapped table is refused; everything else goes straight to the real statement. The wrappers
 * ({@link WriteThroughStatement}, {@link WriteThroughPreparedStatement}) only pick the SQL and delegate here.
 */
final class StatementCore {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCore.class);

    private final WriteThroughConnection connection;
    private final Statement owner;
    private final Statement real;
    private final StatementResults results;
    /** The statement being run: its analysis, and what in its text may write mapped rows unseen. */
    private AnalyzedStatement statement;

    /** Asks the server to parse and analyse a statement without running it. */
    @FunctionalInterface
    interface DescribeCall {
        void run() throws SQLException;
    }

    StatementCore(WriteThroughConnection connection, Statement owner, Statement real) {
        this.connection = connection;
        this.owner = owner;
        this.real = real;
        this.results = new StatementResults(connection, owner, real, this::refuseRowChange);
    }

    WriteThroughConnection connection() {
        return connection;
    }

    StatementResults results() {
        return results;
    }

    /** Before every execution: the previous execution's results go, and the SQL is analysed (cached). */
    Analysis begin(String sql) throws SQLException {
        results.reset();
        statement = connection.context().statement(sql);
        return connection.planned().unseen().analysis(statement);
    }

    /** A prepared statement's SQL, analysed when it was prepared. */
    void use(AnalyzedStatement prepared) {
        statement = prepared;
    }

    /**
     * {@code plan}, made to return the rows its foreign-key actions reach when any reaches a mapped table (see
     * {@link UnseenWrites#cascading}).
     */
    WritePlan cascading(WritePlan plan) throws SQLException {
        return connection.planned().unseen().cascading(plan);
    }

    /**
     * The database's reach when the current statement must be watched for rows written unseen, else null. An ordinary
     * statement stops at the first check: the database's reach is cached, and mostly {@link WriteReach#NONE}.
     */
    private WriteReach watch() throws SQLException {
        return watch(List.of(statement));
    }

    /** {@link #watch()} for the statements of a batch: the reach when any of them must be watched. */
    WriteReach watch(List<AnalyzedStatement> statements) throws SQLException {
        UnseenWrites unseen = connection.planned().unseen();
        WriteReach reach = unseen.reach();
        if (reach == WriteReach.NONE) {
            return null;
        }
        for (AnalyzedStatement each : statements) {
            if (unseen.mustWatch(reach, each.cues(), connection.transaction().inTransaction())) {
                return reach;
            }
        }
        return null;
    }

    /**
     * Runs a planned write and records what the application sees of it.
     *
     * @param originalSql the application's SQL, described first when the plan rewrites it (see
     *     {@link PlannedExecution#describeOriginal}), or null when already done
     * @param generatedKeys the application asked for generated keys
     * @return the rows kept for the application, or null
     */
    MaterializedResultSet runPlanned(WritePlan plan, String originalSql, SqlWork<?> execution, boolean generatedKeys)
            throws SQLException {
        PlannedExecution planned = connection.planned();
        planned.checkBeforeRunning(plan);
        if (originalSql != null) {
            planned.describeOriginal(plan, originalSql);
        }
        boolean keep = generatedKeys || plan.applicationReturning();
        PlannedExecution.Executed executed = planned.execute(plan, real, execution, keep, owner, watch());
        MaterializedResultSet rows = executed.kept();
        results.planned(plan.applicationReturning() ? rows : null, generatedKeys ? rows : null, executed.updateCount());
        return rows;
    }

    /**
     * {@code executeQuery} of a planned write, after {@link #runPlanned}: its own RETURNING rows, the same result set
     * {@code getResultSet()} answers, as pgjdbc would refuse otherwise.
     */
    ResultSet queryResult(WritePlan plan) throws SQLException {
        if (!plan.applicationReturning()) {
            throw new SQLException("No results were returned by the query.", SqlStates.NO_RESULT);
        }
        return results.resultSet();
    }

    /** {@code executeUpdate} of a planned write: its update count, as pgjdbc would refuse one that returns rows. */
    long updateResult(WritePlan plan) throws SQLException {
        if (plan.applicationReturning()) {
            // What pgjdbc says for executeUpdate on SQL that returns rows (after running it).
            throw new SQLException("A result was returned when none was expected.", SqlStates.RESULT_NOT_EXPECTED);
        }
        return results.updateCount();
    }

    /**
     * Runs a statement that is not a planned write: transaction control keeps the transaction in step, an
     * unsupported write is refused (unless the policy is ignore), anything else goes straight through.
     */
    <T> T passThrough(Analysis analysis, SqlWork<T> work, DescribeCall describe) throws SQLException {
        if (analysis instanceof TransactionControl control) {
            return connection.transaction().control(control, work);
        }
        refuseIfUnsupported(analysis, describe);
        WriteReach watch = watch();
        return reshaping(List.of(statement), watch != null,
                watch == null ? work : () -> connection.planned().watched(watch, work));
    }

    /**
     * Runs {@code work}, in a write transaction when asked or when its statements' DDL may change the columns of mapped
     * tables ({@link UnseenWrites#reshapedBy}): then that transaction also invalidates those tables' entries, so that a
     * Redis failure rolls the change back.
     */
    <T> T reshaping(List<AnalyzedStatement> statements, boolean inTransaction, SqlWork<T> work) throws SQLException {
        UnseenWrites unseen = connection.planned().unseen();
        List<TableMapping> reshaped = unseen.reshapedBy(statements);
        T result;
        if (inTransaction || !reshaped.isEmpty()) {
            result = connection.transaction().inWriteTransaction(() -> {
                T ran = work.run();
                unseen.invalidateReshaped(reshaped);
                return ran;
            });
        } else {
            result = work.run();
        }
        for (AnalyzedStatement each : statements) {
            if (each.changesCatalog()) {
                unseen.catalogChanged();
                break;
            }
        }
        return result;
    }

    /** Runs a planned batch (see {@link PlannedExecution#executeBatch}), watched when it must be. */
    <C> PlannedExecution.Batched<C> batch(WritePlan plan, SqlWork<C> run, boolean generatedKeys) throws SQLException {
        PlannedExecution planned = connection.planned();
        planned.checkBeforeRunning(plan);
        return planned.executeBatch(plan, real, run, generatedKeys, owner, watch());
    }

    /**
     * Refuses an unsupported write on a mapped table, unless the policy is {@code ignore} (then returns normally and
     * the caller runs the statement as it is). If PostgreSQL itself rejects the SQL, its own exception is thrown
     * instead, so malformed SQL stays transparent: {@code describe} asks the server to parse and analyse the
     * statement without executing it.
     */
    void refuseIfUnsupported(Analysis analysis, DescribeCall describe) throws SQLException {
        if (!(analysis instanceof Unsupported unsupported) || ignored(unsupported)
                || unsupported.construct().equals(Unsupported.TRUNCATE)) {
            return;
        }
        describe.run();
        throw refusal(unsupported);
    }

    /**
     * Refuses a row change ({@code method}: updateRow, insertRow, deleteRow) through an updatable result set read from
     * a mapped table, before pgjdbc sends the UPDATE, INSERT or DELETE it builds for it on the real connection, where
     * the driver never sees it: the entry would go stale without a trace. {@code on.unsupported.write=ignore} lets it
     * run, as it does other writes the driver cannot analyse.
     */
    void refuseRowChange(ResultSet real, String method) throws SQLException {
        if (real.getConcurrency() != ResultSet.CONCUR_UPDATABLE) {
            return; // pgjdbc refuses it with its own error
        }
        DriverContext context = connection.context();
        for (TableName table : context.dialect().baseTables(real.getMetaData())) {
            if (context.config().mappingOf(table.schema(), table.name()) != null) {
                Unsupported unsupported = new Unsupported(table, method + " through an updatable result set",
                        "pgjdbc sends its own statement for it, which the driver does not see; use an UPDATE, INSERT or"
                        + " DELETE statement");
                if (ignored(unsupported)) {
                    return;
                }
                throw refusal(unsupported);
            }
        }
    }

    private boolean ignored(Unsupported unsupported) {
        if (!connection.context().ignoreUnsupported()) {
            return false;
        }
        LOG.debug("writethrough: running without write-through (on.unsupported.write=ignore): {}", unsupported.message());
        return true;
    }

    private SQLException refusal(Unsupported unsupported) {
        return connection.context().metrics().refused(new SQLException("writethrough: " + unsupported.message(),
                SqlStates.UNSUPPORTED));
    }
}
