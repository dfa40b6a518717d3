package io.writethrough.jdbc;

import io.writethrough.dialect.WriteReach;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.MultiRowInsert;
import io.writethrough.sql.WritePlan;
import io.writethrough.write.PlannedExecution;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prepared INSERT's batch sent the way pgjdbc's {@code reWriteBatchedInserts} sends it: as multi-row INSERTs of
 * the chunk sizes pgjdbc uses ({@link BatchRewriteSettings#chunks}), with the update counts pgjdbc reports for them
 * ({@link Statement#SUCCESS_NO_INFO} for each row of a chunk of several rows that inserted any). pgjdbc itself cannot:
 * it rewrites no statement that returns rows, and the driver needs the rows back.
 *
 * <p>The batch's parameter rows are recorded ({@link ParameterRows}) and set again on the multi-row statement of each
 * chunk. Each chunk size's text is analysed and planned like any statement (its plan adds the RETURNING), and
 * prepared once per application statement; each chunk runs as a planned write, its rows written through, and the
 * batch's writes reach Redis together after the last chunk, in the write transaction.
 */
final class BatchRewrite implements AutoCloseable {

    private final WriteThroughConnection connection;
    private final MultiRowInsert insert;
    private final AnalyzedStatement statement;
    private final PreparedStatement single;
    private final ParameterRows rows;
    private final Map<Integer, Chunk> chunks = new HashMap<>();

    /** The multi-row statement for one chunk size: its plan, and the real statement prepared from it. */
    private record Chunk(WritePlan plan, PreparedStatement real) {
    }

    private BatchRewrite(WriteThroughConnection connection, MultiRowInsert insert, AnalyzedStatement statement,
            PreparedStatement single) {
        this.connection = connection;
        this.insert = insert;
        this.statement = statement;
        this.single = single;
        this.rows = ParameterRows.capturing(single);
    }

    /**
     * The rewrite of a planned statement's batches, or null when pgjdbc would not rewrite them: the setting is off,
     * the application asked for generated keys or has its own RETURNING, or the SQL is not a single-row INSERT ...
     * VALUES ({@link MultiRowInsert}).
     *
     * @param single the real statement prepared from the plan, which runs single executions and batches of one row
     */
    static BatchRewrite of(WriteThroughConnection connection, AnalyzedStatement statement, WritePlan plan,
            boolean generatedKeys, PreparedStatement single) {
        if (!connection.batchRewrite().enabled() || generatedKeys || plan.applicationReturning()) {
            return null;
        }
        MultiRowInsert insert = MultiRowInsert.of(statement.sql());
        return insert == null ? null : new BatchRewrite(connection, insert, statement, single);
    }

    /** The statement the wrapper delegates to: the real one, with every parameter row recorded. */
    PreparedStatement recording() {
        return rows.statement();
    }

    /**
     * Runs the batch as multi-row INSERTs, or returns null, having run nothing, when it takes the ordinary path: fewer
     * than two rows (pgjdbc does not rewrite them either) or a chunk whose text the driver cannot plan.
     *
     * @throws BatchUpdateException shaped as pgjdbc's when a chunk fails in the database: every row
     *     {@link Statement#EXECUTE_FAILED}, "Batch entry" the failed chunk, the database's error as cause and next
     */
    long[] execute(StatementCore core, Statement owner) throws SQLException {
        int total = rows.size();
        int[] sizes = connection.batchRewrite().chunks(total, insert.parameters());
        Chunk[] planned = total < 2 ? null : planned(sizes);
        if (planned == null) {
            // The real statement holds the same rows and runs them.
            rows.clear();
            return null;
        }
        long[] counts = new long[total];
        try {
            single.clearBatch();
            PlannedExecution execution = connection.planned();
            for (Chunk chunk : chunks.values()) {
                execution.checkBeforeRunning(chunk.plan());
            }
            WriteReach watch = core.watch(List.of(statement));
            execution.withWritesTogether(watch, () -> {
                int row = 0;
                for (int i = 0; i < sizes.length; i++) {
                    long inserted = run(planned[i], row, sizes[i], i, owner, total);
                    Arrays.fill(counts, row, row + sizes[i], sizes[i] > 1 && inserted > 0 ? Statement.SUCCESS_NO_INFO : inserted);
                    row += sizes[i];
                }
                return null;
            });
        } finally {
            rows.clear();
        }
        return counts;
    }

    /** The chunk of each size, or null when one has no write plan. */
    private Chunk[] planned(int[] sizes) throws SQLException {
        Chunk[] planned = new Chunk[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            planned[i] = chunk(sizes[i]);
            if (planned[i] == null) {
                return null;
            }
        }
        return planned;
    }

    private long run(Chunk chunk, int firstRow, int size, int index, Statement owner, int total) throws SQLException {
        PreparedStatement real = chunk.real();
        // A parameter no row set must fail as in pgjdbc, not keep the value of the statement's last batch.
        real.clearParameters();
        rows.replay(firstRow, size, insert.parameters(), real);
        real.setQueryTimeout(single.getQueryTimeout());
        try {
            real.execute();
        } catch (SQLException e) {
            throw aborted(index, e, total);
        }
        long inserted = real.getLargeUpdateCount();
        connection.planned().writeReturnedRows(chunk.plan(), real, null, false, owner, 0);
        return inserted;
    }

    /** What pgjdbc throws when statement {@code index} of a rewritten batch fails, without the bound values. */
    private static BatchUpdateException aborted(int index, SQLException cause, int rows) {
        long[] failed = new long[rows];
        Arrays.fill(failed, Statement.EXECUTE_FAILED);
        BatchUpdateException e = new BatchUpdateException("Batch entry " + index + " <unknown> was aborted: "
                + cause.getMessage() + "  Call getNextException to see other errors in the batch.", cause.getSQLState(), 0,
                failed, cause);
        e.setNextException(cause);
        return e;
    }

    /** The chunk of {@code size} rows, planned and prepared on first use; null when its text has no write plan. */
    private Chunk chunk(int size) throws SQLException {
        Chunk chunk = chunks.get(size);
        if (chunk == null) {
            AnalyzedStatement rewritten = connection.context().rewrittenStatement(insert.sql(size));
            if (!(connection.planned().unseen().analysis(rewritten) instanceof WritePlan analysed)) {
                return null;
            }
            WritePlan plan = connection.planned().unseen().cascading(analysed);
            chunk = new Chunk(plan, connection.real().prepareStatement(plan.sql(), Statement.RETURN_GENERATED_KEYS));
            chunks.put(size, chunk);
        }
        return chunk;
    }

    /** pgjdbc's {@code int} form of update counts. */
    static int[] ints(long[] counts) {
        int[] ints = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            ints[i] = counts[i] > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) counts[i];
        }
        return ints;
    }

    /** Closes the chunks' real statements. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Chunk chunk : chunks.values()) {
            try {
                chunk.real().close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        chunks.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
