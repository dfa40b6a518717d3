package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Who owns the Redis pools: a configuration's pool lives while a connection or a wrapping data source holds it, and
 * the last one to let go closes it — so many distinct configurations over an application's life leave no Redis
 * connections and no threads behind.
 */
@ExtendWith(WriteThroughServices.class)
class DriverContextLifecycleTest {

    private static final int CONFIGURATIONS = 50;

    @Test
    void manyDistinctConfigurationsLeaveNoRedisClientsOrThreads(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        int contextsBefore = DriverContexts.live();
        // pgjdbc starts a cleaner thread on first use: count threads once it runs.
        try (Connection warm = DriverManager.getConnection(db.writeThroughUrl(), onPrivateRedis(s, server, 0))) {
            insert(warm, 0);
        }
        int threadsBefore = Thread.activeCount();
        for (int i = 1; i <= CONFIGURATIONS; i++) {
            try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), onPrivateRedis(s, server, i))) {
                insert(c, i);
            }
        }
        assertThat(hash(server, s.key("user:" + CONFIGURATIONS))).containsEntry("name", "n" + CONFIGURATIONS);
        assertThat(redisClientsBesidesOurs(server)).as("Redis connections left open").isZero();
        assertThat(DriverContexts.live()).as("live driver contexts").isEqualTo(contextsBefore);
        assertThat(Thread.activeCount()).as("live threads").isLessThanOrEqualTo(threadsBefore);
    }

    @Test
    void theLastConnectionToCloseReleasesThePool(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        Properties p = onPrivateRedis(s, server, 0);
        try (Connection first = DriverManager.getConnection(db.writeThroughUrl(), p)) {
            try (Connection second = DriverManager.getConnection(db.writeThroughUrl(), p)) {
                insert(second, 1);
            }
            assertThat(redisClientsBesidesOurs(server)).as("the first connection still holds the pool").isPositive();
            insert(first, 2);
        }
        assertThat(hash(server, s.key("user:2"))).containsEntry("name", "n2");
        assertThat(redisClientsBesidesOurs(server)).isZero();
    }

    @Test
    void aWrappingDataSourceHoldsItsPoolUntilItIsClosed(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(db.jdbcUrl());
        WriteThroughDataSource dataSource = WriteThroughDataSource.wrapping(pg, onPrivateRedis(s, server, 0));
        try (dataSource) {
            try (Connection c = dataSource.getConnection()) {
                insert(c, 1);
            }
            assertThat(redisClientsBesidesOurs(server)).as("held by the open data source").isPositive();
        }
        assertThat(redisClientsBesidesOurs(server)).isZero();
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    /** A configuration of its own for each {@code n}: the plan cache size differs. */
    private static Properties onPrivateRedis(MappedSchema s, PrivateRedisServer server, int n) {
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.plan.cache.size", Integer.toString(100 + n));
        return p;
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (" + id + ", 'n" + id + "')");
        }
    }

    private static java.util.Map<String, String> hash(PrivateRedisServer server, String key) {
        try (Jedis client = new Jedis(server.host(), server.port())) {
            return client.hgetAll(key);
        }
    }

    private static long redisClientsBesidesOurs(PrivateRedisServer server) {
        try (Jedis client = new Jedis(server.host(), server.port())) {
            return client.clientList().lines().filter(line -> !line.contains("cmd=client")).count();
        }
    }
}
