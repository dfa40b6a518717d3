package io.writethrough.benchmarks;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.dialect.postgres.ColumnType;
import io.writethrough.write.EntryEncoder;
import io.writethrough.redis.EntryWrite;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.PlanCache;
import io.writethrough.sql.SqlAnalyzer;
import io.writethrough.sql.WritePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The driver's own CPU per write with a cached plan, no I/O: the plan lookup in {@link PlanCache}, the key rendering
 * ({@code KeyTemplate.render} through {@link EntryEncoder#key}) and the encoding of the row into the entry
 * ({@link EntryEncoder#put}), measured in three steps. What this leaves out: the JDBC wrappers' forwarding, reading the
 * RETURNING metadata, building the Lua call's arguments and the journal's bookkeeping (those run only with I/O and are
 * part of the end-to-end benchmarks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementCpuBenchmark {

    private PlanCache plans;
    private long parsesAfterWarmUp;
    private TableMapping mapping;
    private EntryEncoder encoder;
    private final FakeReturnedRow row = new FakeReturnedRow();
    private ResultSet rs;
    private long id;

    /** Full parses that happened during the measurement, counted at the end of each iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Parses {
        /** Full SQL parses since the plan cache was warmed up. */
        public long parses;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Properties mappingFile = new Properties();
        mappingFile.setProperty("table.items.key", "item:{id}");
        MappingConfig config = MappingConfig.parse(mappingFile, "benchmark mapping");
        plans = new PlanCache(new SqlAnalyzer(config), 1000);
        Analysis analysis = plans.analyze(ItemsApplication.INSERT);
        if (!(analysis instanceof WritePlan plan)) {
            throw new IllegalStateException("expected a write plan for the INSERT on mapped table items, got " + analysis);
        }
        parsesAfterWarmUp = plans.parses();
        mapping = plan.mappings().get(0);
        ColumnType[] types = {null, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.TEXT, ColumnType.NUMERIC,
            ColumnType.INTEGER, ColumnType.TEXT};
        int[] stored = {FakeReturnedRow.ID, FakeReturnedRow.NAME, FakeReturnedRow.PRICE, FakeReturnedRow.QTY,
            FakeReturnedRow.NOTE};
        encoder = new EntryEncoder(mapping, types, new int[] {FakeReturnedRow.ID}, stored,
                new String[] {"id", "name", "price", "qty", "note"});
        rs = row.resultSet();
    }

    /** The plan cache hit alone. */
    @Benchmark
    public Analysis planLookup() {
        return plans.analyze(ItemsApplication.INSERT);
    }

    /** Plan cache hit and key rendering. */
    @Benchmark
    public String planLookupAndKey() {
        WritePlan plan = (WritePlan) plans.analyze(ItemsApplication.INSERT);
        return plan.mappings().get(0).key().render(List.of(Long.toString(++id)));
    }

    /** The whole per-statement CPU: plan cache hit, key rendering from the row, and the row encoded as a hash entry. */
    @Benchmark
    public EntryWrite planLookupKeyAndEncode(Parses counter) throws SQLException {
        WritePlan plan = (WritePlan) plans.analyze(ItemsApplication.INSERT);
        row.moveTo(++id);
        String key = encoder.key(rs);
        EntryWrite write = plan.mappings().get(0) == mapping ? encoder.put(key, rs) : null;
        counter.parses = plans.parses() - parsesAfterWarmUp;
        return write;
    }
}
