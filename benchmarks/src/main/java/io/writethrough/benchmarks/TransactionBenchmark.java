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
 * Explicit transactions of five statements (insert a new item, update two existing ones by key, update and delete
 * the new one), committed every time, or rolled back one time in five.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TransactionBenchmark {

    @Param({"raw", "hand", "hand-pipelined", "driver", "driver-pipelined"})
    public String arm;

    private ItemsSchema schema;
    private ItemsApplication app;
    private Connection connection;
    private long nextNewId = 1_000_000;
    private long nextKey;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Arm which = Arm.of(arm);
        schema = ItemsSchema.create();
        schema.seed(ItemsSchema.SEEDED_ROWS);
        app = ItemsApplication.of(which, schema);
        connection = schema.connect(which);
        connection.setAutoCommit(false);
    }

    @Benchmark
    public int fiveStatements() throws SQLException {
        return app.fiveStatementTransaction(connection, nextNewId++, nextKey(), nextKey(), true);
    }

    @Benchmark
    public int fiveStatementsOneInFiveRolledBack() throws SQLException {
        long id = nextNewId++;
        return app.fiveStatementTransaction(connection, id, nextKey(), nextKey(), id % 5 != 0);
    }

    private long nextKey() {
        nextKey = nextKey % ItemsSchema.SEEDED_ROWS + 1;
        return nextKey;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, app, schema);
    }
}
