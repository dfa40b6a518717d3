package io.writethrough.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code warm} by pages of the key's unique index, where paging could go wrong: a key of two columns whose index
 * orders them otherwise than the template, values that contain the template's separator (a key that does not decode
 * unambiguously), NULL key columns, pages of a few rows, an index on part of the key; and a table without such an
 * index (read through the cursor instead). Every row is warmed once, and Redis equals the database.
 */
@ExtendWith(WriteThroughServices.class)
class WarmPagesTest {

    @Test
    void pagesOfATwoColumnKeyWarmEveryRowOnce(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE pairs (a text, b int, v text, UNIQUE (b, a))",
                "INSERT INTO pairs SELECT 'x:' || (g % 7) || ':', g / 7, 'v' || g FROM generate_series(0, 249) g",
                // No key: no entry, and no place in the pages.
                "INSERT INTO pairs VALUES (NULL, 1, 'no key'), ('y', NULL, 'no key')");
        MappedSchema schema = MappedSchema.of(db, redis, "table.pairs.key={p}pair:{a}:{b}");
        assertWarmed(db, schema, 250);
    }

    /**
     * The key adds a column to the primary key (a parent's id, as a hash tag): pages go by the primary key, and the
     * rows whose added column is NULL have no key.
     */
    @Test
    void pagesOfAUniqueIndexOnPartOfTheKeyWarmEveryRowOnce(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE lines (order_id int, id int PRIMARY KEY, v text)",
                "INSERT INTO lines SELECT g % 13, g, 'v' || g FROM generate_series(1, 250) g",
                "INSERT INTO lines VALUES (NULL, 251, 'no key'), (NULL, 252, 'no key')");
        MappedSchema schema = MappedSchema.of(db, redis, "table.lines.key={p}order:{{order_id}}:line:{id}");
        assertWarmed(db, schema, 250);
    }

    @Test
    void aTableWithoutAUniqueIndexOnItsKeyIsWarmedThroughTheCursor(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE loose (id int, v text)", "INSERT INTO loose SELECT g, 'v' || g FROM generate_series(1, 100) g");
        MappedSchema schema = MappedSchema.of(db, redis, "table.loose.key={p}loose:{id}");
        assertWarmed(db, schema, 100);
    }

    private static void assertWarmed(TestDatabase db, MappedSchema schema, long rows) throws Exception {
        try (CacheAudit audit = WriteThroughDriver.audit(db.writeThroughUrl(), schema.properties())) {
            AuditReport report = audit.warm(new AuditOptions(List.of(), 7, 0, 10), null);
            assertThat(report.total().rows()).isEqualTo(rows);
            assertThat(report.total().written()).isEqualTo(rows);
            AuditReport verified = audit.verify(AuditOptions.defaults(), null);
            assertThat(verified.consistent()).as("%s", verified.differences()).isTrue();
        }
        schema.assertConsistent();
    }
}
