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
 * One write per call in autocommit mode, on one connection: a single-row INSERT, and an UPDATE by primary key of a
 * row whose Redis entry exists. Sampled, so that the report has the median as well as the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SingleStatementBenchmark {

    @Param({"raw", "hand", "driver"})
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
    }

    @Benchmark
    public int insert() throws SQLException {
        return app.insert(connection, nextNewId++);
    }

    @Benchmark
    public int updateByKey() throws SQLException {
        nextKey = nextKey % ItemsSchema.SEEDED_ROWS + 1;
        return app.updateByKey(connection, nextKey);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, app, schema);
    }
}
