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
 * are measured. With {@code catalog=reach} the schema also has a function and a trigger that write {@code items} and
 * a foreign-key action into it, so the driver's check for writes it cannot see runs in full on every statement (none
 * of these two can write {@code items} unseen, so neither is watched); {@code catalog=none} is the plain schema,
 * whose reach is empty. Ordinary statements must cost the same in both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PassThroughBenchmark {

    @Param({"raw", "driver"})
    public String arm;

    @Param({"none", "reach"})
    public String catalog;

    /** A function, a trigger and a foreign-key action that write {@code items}, none used by the statements. */
    static final String[] REACH = {
        "CREATE TABLE shelves (id bigint PRIMARY KEY)",
        "ALTER TABLE items ADD COLUMN shelf_id bigint REFERENCES shelves ON DELETE SET NULL",
        "CREATE FUNCTION restock(n integer) RETURNS void LANGUAGE sql AS 'UPDATE items SET qty = qty + n'",
        "CREATE TABLE deliveries (item_id bigint, qty integer)",
        "CREATE FUNCTION deliver() RETURNS trigger LANGUAGE plpgsql AS "
                + "'BEGIN UPDATE items SET qty = qty + NEW.qty WHERE id = NEW.item_id; RETURN NEW; END'",
        "CREATE TRIGGER deliveries_restock AFTER INSERT ON deliveries FOR EACH ROW EXECUTE FUNCTION deliver()",
    };

    private final PlainJdbcItems app = new PlainJdbcItems();
    private ItemsSchema schema;
    private Connection connection;
    private long nextKey;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        schema = ItemsSchema.create();
        if (catalog.equals("reach")) {
            schema.execute(REACH);
        }
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
