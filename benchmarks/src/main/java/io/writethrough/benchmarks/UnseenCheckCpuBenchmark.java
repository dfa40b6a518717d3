package io.writethrough.benchmarks;

import io.writethrough.dialect.WriteReach;
import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.PlanCache;
import io.writethrough.sql.SqlAnalyzer;
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
 * The CPU the unseen-write check adds to an ordinary statement, no I/O: what the driver does per execution beyond the
 * plan cache hit ({@code lookupOnly}, the baseline): the database's cached reach, the statement's cues, the match
 * between them and the look for a foreign-key parent plan ({@code lookupAndCheck}). With {@code catalog=reach} the
 * database has a function that writes {@code items}, a trigger that does and a foreign-key action into it (see
 * {@link PassThroughBenchmark}), so the check runs in full; with {@code none} it stops at the reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UnseenCheckCpuBenchmark {

    @Param({"none", "reach"})
    public String catalog;

    private ItemsSchema schema;
    private Connection connection;
    private PlanCache plans;
    private final PostgresDialect dialect = new PostgresDialect();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        schema = ItemsSchema.create();
        if (catalog.equals("reach")) {
            schema.execute(PassThroughBenchmark.REACH);
        }
        connection = schema.connect(Arm.RAW);
        plans = new PlanCache(new SqlAnalyzer(schema.mapping()), 1000);
        WriteReach reach = dialect.writeReach(connection, "benchmark", schema.mapping().tables());
        if ((reach == WriteReach.NONE) != catalog.equals("none")) {
            throw new IllegalStateException("catalog " + catalog + " gave reach " + reach);
        }
    }

    private String sql() {
        next = (next + 1) % 3;
        return next == 0 ? ItemsApplication.SELECT_BY_KEY : next == 1 ? ItemsApplication.UPDATE_BY_KEY
                : ItemsApplication.INSERT_AUDIT;
    }

    /** The plan cache hit every statement pays, before and after this change. */
    @Benchmark
    public Object lookupOnly() {
        return plans.statement(sql()).analysis();
    }

    /** The plan cache hit and the check an ordinary statement pays now. */
    @Benchmark
    public boolean lookupAndCheck() throws SQLException {
        AnalyzedStatement statement = plans.statement(sql());
        WriteReach reach = dialect.writeReach(connection, "benchmark", schema.mapping().tables());
        return reach != WriteReach.NONE && (reach.mayWriteUnseen(statement.cues())
                || reach.foreignKeyParentPlan(statement) != null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, schema);
    }
}
