package io.writethrough.benchmarks;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.SqlAnalyzer;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a statement costs the first time the driver sees its text (a plan cache miss): {@link SqlAnalyzer#analyze} —
 * which caches nothing itself — on a rotating set of {@value #TEXTS} distinct texts of the same shape. Also the
 * lexer-only screen that lets statements which cannot write a mapped table (here a SELECT) through without a parse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseCpuBenchmark {

    static final int TEXTS = 1024;

    private SqlAnalyzer analyzer;
    private final String[] inserts = new String[TEXTS];
    private final String[] updates = new String[TEXTS];
    private final String[] selects = new String[TEXTS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Properties mappingFile = new Properties();
        mappingFile.setProperty("table.items.key", "item:{id}");
        analyzer = new SqlAnalyzer(MappingConfig.parse(mappingFile, "benchmark mapping"));
        for (int i = 0; i < TEXTS; i++) {
            inserts[i] = "INSERT INTO items (id, name, price, qty, note) VALUES (?, ?, ?, ?, 'note " + i + "')";
            updates[i] = "UPDATE items SET qty = qty + " + i + ", price = ? WHERE id = ?";
            selects[i] = "SELECT id, name, price, qty, note FROM items WHERE id = ? AND qty > " + i;
        }
    }

    @Benchmark
    public Analysis coldInsert() {
        return analyzer.analyze(inserts[next++ & (TEXTS - 1)]);
    }

    @Benchmark
    public Analysis coldUpdate() {
        return analyzer.analyze(updates[next++ & (TEXTS - 1)]);
    }

    @Benchmark
    public Analysis coldSelectScreen() {
        return analyzer.analyze(selects[next++ & (TEXTS - 1)]);
    }
}
