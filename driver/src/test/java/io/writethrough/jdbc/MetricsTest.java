package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.writethrough.metrics.WriteThroughMetrics;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * The meters a bound registry sees: each counter's value and tags after known work, on a configuration of the test's
 * own (bound through its data source, so that no other configuration's work counts), and with a registry bound to
 * every configuration; and nothing once the binding or the data source is closed.
 */
@ExtendWith(WriteThroughServices.class)
class MetricsTest {

    private static double count(MeterRegistry registry, String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double written(MeterRegistry registry, String table) {
        return count(registry, "writethrough.entries.written", "table", table);
    }

    private static WriteThroughDataSource dataSource(TestDatabase db, Properties settings, MeterRegistry registry) {
        WriteThroughDataSource dataSource = new WriteThroughDataSource();
        dataSource.setUrl(db.writeThroughUrl());
        settings.forEach((name, value) -> dataSource.setProperty((String) name, (String) value));
        dataSource.setMeterRegistry(registry);
        return dataSource;
    }

    /**
     * Settings of a configuration on a private Redis whose recovery sweeps only when the first connection opens: no
     * other configuration's marks, nor a sweep at an unknown time, can add to its counts.
     */
    private static Properties onPrivateRedis(MappedSchema s, PrivateRedisServer server) {
        Properties settings = s.properties();
        settings.setProperty("writethrough.redis.url", server.url());
        settings.setProperty("writethrough.redis.timeout.ms", "500");
        settings.setProperty("writethrough.recovery.interval.ms", "0");
        return settings;
    }

    @Test
    void aDataSourceTakesOnlyAMeterRegistry() {
        try (WriteThroughDataSource dataSource = new WriteThroughDataSource()) {
            assertThatThrownBy(() -> dataSource.setMeterRegistry("prometheus"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Micrometer MeterRegistry", "java.lang.String");
        }
    }

    @Test
    void writesUndosAndRefusalsAreCountedPerTableAndSqlState(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WriteThroughDataSource dataSource = dataSource(db, onPrivateRedis(s, server), registry);
                Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                RedisClient client = RedisClient.create(server.host(), server.port())) {
            awaitFirstSweep(c, db);
            st.executeUpdate("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            st.executeUpdate("UPDATE items SET name = 'x' WHERE id <= 2");
            st.executeUpdate("DELETE FROM items WHERE id = 3");
            st.executeUpdate("UPDATE items SET name = 'nobody' WHERE id = 99");
            assertThat(written(registry, "items")).isEqualTo(5);
            assertThat(count(registry, "writethrough.entries.deleted", "table", "items")).isEqualTo(1);

            c.setAutoCommit(false);
            st.executeUpdate("UPDATE items SET name = 'rolled back' WHERE id = 1");
            st.executeUpdate("INSERT INTO items VALUES (10, 'rolled back')");
            c.rollback();
            st.executeUpdate("UPDATE items SET name = 'kept' WHERE id = 2");
            Savepoint savepoint = c.setSavepoint();
            st.executeUpdate("UPDATE items SET name = 'undone' WHERE id = 2");
            c.rollback(savepoint);
            c.commit();
            assertThat(client.hget(s.key("item:2"), "name")).isEqualTo("kept");
            assertThat(written(registry, "items")).isEqualTo(9);
            assertThat(count(registry, "writethrough.entries.undone")).as("2 by the rollback, 1 by the savepoint's").isEqualTo(3);

            assertThatThrownBy(() -> st.execute("MERGE INTO items i USING (SELECT 1 AS id) s ON i.id = s.id "
                    + "WHEN MATCHED THEN DELETE")).isInstanceOf(SQLException.class);
            c.rollback();
            assertThat(count(registry, "writethrough.statements.refused", "sqlstate", "0A000")).isEqualTo(1);
        }
        // Each statement waits for its own write by default (redis.pipeline=statement).
        assertThat(registry.get("writethrough.redis.time").timer().count()).as("statements that wrote to Redis").isEqualTo(7);
        assertThat(registry.find("writethrough.statements.refused").counters()).hasSize(1);
        assertThat(registry.find("writethrough.entries.written").counters()).hasSize(1);
        assertThat(registry.find("writethrough.redis.errors").counters()).allSatisfy(c -> assertThat(c.count()).isZero())
                .hasSize(5);
        assertThat(registry.find("writethrough.orphans.resolved").counters()).allSatisfy(c -> assertThat(c.count()).isZero())
                .hasSize(3);
    }

    @Test
    void aStoppedRedisCountsItsErrorAndEveryStatementRefusedForIt(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        MappedSchema s = accounts(db, redis);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WriteThroughDataSource dataSource = dataSource(db, onPrivateRedis(s, server), registry);
                Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            awaitFirstSweep(c, db);
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            server.stop();

            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 102 WHERE id = 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40003"));
            assertThat(count(registry, "writethrough.redis.errors", "kind", "connection")).isEqualTo(1);
            assertThat(count(registry, "writethrough.statements.refused", "sqlstate", "40003")).isEqualTo(1);

            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 103 WHERE id = 1"))
                    .hasMessageContaining("can no longer write");
            assertThat(count(registry, "writethrough.redis.errors", "kind", "connection")).as("refused before it ran")
                    .isEqualTo(1);
            assertThat(count(registry, "writethrough.statements.refused", "sqlstate", "40003")).isEqualTo(2);

            assertThatThrownBy(c::commit).hasMessageContaining("rolled back");
            assertThat(count(registry, "writethrough.statements.refused", "sqlstate", "40000")).isEqualTo(1);
            assertThat(count(registry, "writethrough.redis.errors", "kind", "connection")).as("and the undo's")
                    .isGreaterThanOrEqualTo(2);
            for (String kind : new String[] {"timeout", "refused", "script", "other"}) {
                assertThat(count(registry, "writethrough.redis.errors", "kind", kind)).as(kind).isZero();
            }
        } finally {
            // The undo waits in the background until Redis is back.
            server.start();
        }
    }

    @Test
    void aFrozenRedisCountsATimeout(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        MappedSchema s = accounts(db, redis);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WriteThroughDataSource dataSource = dataSource(db, onPrivateRedis(s, server), registry);
                Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            awaitFirstSweep(c, db);
            server.pause();
            try {
                assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1"))
                        .isInstanceOf(SQLException.class);
                assertThat(count(registry, "writethrough.redis.errors", "kind", "timeout")).isGreaterThanOrEqualTo(1);
                assertThat(count(registry, "writethrough.statements.refused", "sqlstate", "40003")).isEqualTo(1);
            } finally {
                server.resume();
            }
        }
    }

    @Test
    void aRegistryBoundEverywhereCountsPlainConnectionsUntilTheBindingCloses(TestDatabase db, TestRedis redis)
            throws Exception {
        db.execute("CREATE TABLE metered_everywhere (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.metered_everywhere.key={p}m:{id}");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            assertThat(((WriteThroughConnection) c).context().metrics().recording()).as("no registry bound").isFalse();
            st.executeUpdate("INSERT INTO metered_everywhere VALUES (1, 'not counted')");
            try (WriteThroughMetrics.Binding binding = WriteThroughMetrics.bind(registry)) {
                st.executeUpdate("INSERT INTO metered_everywhere VALUES (2, 'a'), (3, 'b')");
                try (Connection later = s.connect(); Statement other = later.createStatement()) {
                    other.executeUpdate("DELETE FROM metered_everywhere WHERE id = 1");
                }
            }
            st.executeUpdate("INSERT INTO metered_everywhere VALUES (4, 'not counted')");
            assertThat(((WriteThroughConnection) c).context().metrics().recording()).isFalse();
        }
        assertThat(written(registry, "metered_everywhere")).isEqualTo(2);
        assertThat(count(registry, "writethrough.entries.deleted", "table", "metered_everywhere")).isEqualTo(1);
    }

    @Test
    void aDataSourcesRegistryCountsOnceWhateverElseBindsItAndStopsWhenTheDataSourceCloses(TestDatabase db, TestRedis redis)
            throws Exception {
        db.execute("CREATE TABLE metered (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.metered.key={p}m:{id}");
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(db.jdbcUrl());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        try (Connection plain = s.connect(); Statement st = plain.createStatement()) {
            WriteThroughDataSource dataSource = WriteThroughDataSource.wrapping(pg, s.properties());
            dataSource.setMeterRegistry(other);
            dataSource.setMeterRegistry(registry);
            try (dataSource; WriteThroughMetrics.Binding everywhere = WriteThroughMetrics.bind(registry)) {
                try (Connection c = dataSource.getConnection(); Statement ds = c.createStatement()) {
                    ds.executeUpdate("INSERT INTO metered VALUES (1, 'a')");
                }
                everywhere.close();
                st.executeUpdate("INSERT INTO metered VALUES (2, 'b')");
                assertThat(written(registry, "metered")).as("the same configuration, another connection").isEqualTo(2);
            }
            st.executeUpdate("INSERT INTO metered VALUES (3, 'c')");
        }
        assertThat(written(registry, "metered")).isEqualTo(2);
        assertThat(written(other, "metered")).as("replaced before any write").isZero();
    }

    private static MappedSchema accounts(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        return MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
    }

    /** The recovery's first sweep (started by the first connection) has run, so it can no longer meet a fault. */
    private static void awaitFirstSweep(Connection c, TestDatabase db) throws InterruptedException {
        CountDownLatch swept = new CountDownLatch(1);
        ((WriteThroughConnection) c).context().recovery(DriverUrl.parse(db.writeThroughUrl()).database(), null, false)
                .later(swept::countDown, 0);
        assertThat(swept.await(30, TimeUnit.SECONDS)).as("the recovery thread ran the first sweep").isTrue();
    }
}
