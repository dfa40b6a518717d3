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
 * Statements the driver must let through untouched: a SELECT by key on the mapped table, and an INSERT into an
 * unmapped table in autocommit mode. The hand-written application runs the raw code here, so only raw and driver
 * are measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PassThroughBenchmark {

    @Param({"raw", "driver"})
    public String arm;

    private final PlainJdbcItems app = new PlainJdbcItems();
    private ItemsSchema schema;
    private Connection connection;
    private long nextKey;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        schema = ItemsSchema.create();
        schema.seed(ItemsSchema.SEEDED_ROWS);
        connection = schema.connect(Arm.of(arm));
    }

    @Benchmark
    public int selectByKey() throws SQLException {
        return app.selectByKey(connection, nextKey());
    }

    @Benchmark
    public int unmappedInsert() throws SQLException {
        return app.insertAudit(connection, nextKey());
    }

    private long nextKey() {
        nextKey = nextKey % ItemsSchema.SEEDED_ROWS + 1;
        return nextKey;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, schema);
    }
}
