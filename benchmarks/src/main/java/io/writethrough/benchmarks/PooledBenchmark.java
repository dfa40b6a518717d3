package io.writethrough.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
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
 * An UPDATE by key in autocommit mode, each call borrowing a connection from a HikariCP pool of
 * {@value #POOL_SIZE}, from as many threads as the run asks for (the command runs it with 1 and 8). Keys are drawn at
 * random from the seeded rows, so threads rarely wait for each other's row locks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PooledBenchmark {

    static final int POOL_SIZE = 8;

    @Param({"raw", "hand", "driver"})
    public String arm;

    private ItemsSchema schema;
    private ItemsApplication app;
    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Arm which = Arm.of(arm);
        schema = ItemsSchema.create();
        schema.seed(ItemsSchema.SEEDED_ROWS);
        app = ItemsApplication.of(which, schema);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + arm);
        config.setJdbcUrl(schema.url(which));
        config.setDataSourceProperties(schema.properties(which));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        pool = new HikariDataSource(config);
    }

    @Benchmark
    public int updateByKey() throws SQLException {
        try (Connection c = pool.getConnection()) {
            return app.updateByKey(c, ThreadLocalRandom.current().nextLong(1, ItemsSchema.SEEDED_ROWS + 1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(pool, app, schema);
    }
}
