package io.writethrough.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A JDBC batch of {@code rows} single-row INSERTs, committed as one transaction. Raw pgjdbc runs with
 * {@code reWriteBatchedInserts} off and on; the hand-written arm needs the rows back, so pgjdbc runs its batches
 * statement by statement (pipelined) whatever that setting says. The driver runs without the setting (statement by
 * statement, as before) and with it ({@code driver-rewrite}: pgjdbc's multi-row chunks, rewritten by the driver). The tables and keys are emptied after
 * every iteration so that later iterations do not write into an ever larger index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchBenchmark {

    @Param({"raw", "raw-rewrite", "hand", "driver", "driver-rewrite"})
    public String arm;

    @Param({"1", "100", "1000", "10000"})
    public int rows;

    private ItemsSchema schema;
    private ItemsApplication app;
    private Connection connection;
    private long nextNewId = 1;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Arm which = Arm.of(arm);
        schema = ItemsSchema.create();
        app = ItemsApplication.of(which, schema);
        connection = schema.connect(which);
        connection.setAutoCommit(false);
    }

    @Benchmark
    public int insertBatch() throws SQLException {
        long first = nextNewId;
        nextNewId += rows;
        return app.insertBatch(connection, first, rows);
    }

    @TearDown(Level.Iteration)
    public void emptyTables() {
        schema.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, app, schema);
    }
}
