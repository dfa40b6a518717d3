package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.jdbc.WriteThroughDataSource;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flyway migrations run through the driver, as they do under Spring Boot, which hands Flyway the application's data
 * source: a data migration's writes to a mapped table are written through, a new column of a table mapped with all
 * its columns invalidates the entries written before it, and a migration whose function writes a mapped table fails
 * and leaves the database and Redis as they were.
 */
@ExtendWith(WriteThroughServices.class)
class FlywayMigrationsTest {

    @Test
    void dataMigrationsAreWrittenThrough(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, "table.accounts.key=account:{id}");

        flyway(db, mapping, "classpath:flyway/data").migrate();

        assertThat(redis.client().hgetAll(mapping.key("account:2")))
                .isEqualTo(Map.of("id", "2", "owner", "Grace", "balance", "25", "tier", "gold"));
        assertThat(redis.client().exists(mapping.key("account:1")))
                .as("written by V1 without a tier, invalidated by V2's ADD COLUMN").isFalse();
        mapping.assertNoStaleEntries("accounts");
    }

    @Test
    void aMigrationWhoseFunctionWritesAMappedTableFailsAndChangesNothing(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, "table.accounts.key=account:{id}");
        Flyway flyway = flyway(db, mapping, "classpath:flyway/data", "classpath:flyway/function");

        assertThatThrownBy(flyway::migrate).isInstanceOf(FlywayException.class)
                .hasMessageContaining("V3__bonus.sql")
                .hasMessageContaining("wrote rows of mapped table accounts that the driver cannot see");

        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
        assertThat(db.queryRows("SELECT balance FROM accounts ORDER BY id"))
                .extracting(row -> row.get("balance")).containsExactly(10, 25);
        mapping.assertNoStaleEntries("accounts");
    }

    /** Flyway on a data source, as Spring Boot configures it; by URL it would not know {@code jdbc:writethrough:}. */
    private static Flyway flyway(TestDatabase db, ExampleMapping mapping, String... locations) {
        WriteThroughDataSource dataSource = new WriteThroughDataSource();
        dataSource.setUrl(mapping.url());
        return Flyway.configure().dataSource(dataSource).schemas(db.schema()).locations(locations).load();
    }
}
