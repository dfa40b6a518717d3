package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Two configurations — two applications, or an application and a batch job — whose databases are in one PostgreSQL
 * cluster and whose mappings write to one Redis (here a server of the test's own, which no other test run's sweep
 * sees). Every driver instance sweeps every mark of the cluster in that Redis, whichever configuration wrote it; the
 * outcome for the configuration that maps the key must be what its own sweep would have left.
 */
@ExtendWith(WriteThroughServices.class)
class SharedRedisRecoveryTest {

    @Test
    void anotherConfigurationsSweepRestoresADecidableKey(PrivateRedisServer server) throws Exception {
        try (TestDatabase dbA = TestDatabase.create(); TestDatabase dbB = TestDatabase.create();
                RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema a = users(dbA, server, redis);
            PrivateRedisSchema b = items(dbB, server, redis);
            Connection dying = a.connect();
            dying.setAutoCommit(false);
            try (Statement st = dying.createStatement()) {
                st.executeUpdate("UPDATE users SET name = 'uncommitted' WHERE id = 2");
            }
            a.terminate(dying);

            // A's own sweeps ran before the crash (its first connection) or run in 10 s (its timer): B's resolves it.
            WriteThroughDriver.recover(dbB.writeThroughUrl(), b.properties());

            assertThat(a.hash("user:2")).containsEntry("name", "b");
            assertThat(a.marks()).isZero();
            a.assertConsistent();
        }
    }

    @Test
    void anotherConfigurationsSweepLeavesAnUndecidableKeyToBeRefilled(PrivateRedisServer server) throws Exception {
        try (TestDatabase dbA = TestDatabase.create(); TestDatabase dbB = TestDatabase.create();
                RedisClient redis = RedisClient.create(server.host(), server.port())) {
            PrivateRedisSchema a = users(dbA, server, redis);
            PrivateRedisSchema b = items(dbB, server, redis);
            a.undecidableOrphan(2);

            // B's sweep runs first (any driver instance of B: its first connection, its timer, recover()), then A's.
            WriteThroughDriver.recover(dbB.writeThroughUrl(), b.properties());
            WriteThroughDriver.recover(dbA.writeThroughUrl(), a.properties());

            assertThat(a.marks()).isZero();
            assertThat(a.hash("user:2")).as("the committed row's entry, refilled").containsEntry("name", "committed meanwhile");
            a.assertConsistent();
        }
    }

    static PrivateRedisSchema users(TestDatabase db, PrivateRedisServer server, RedisClient redis) throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "a" + db.schema() + ":", "table.users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        return s;
    }

    private static PrivateRedisSchema items(TestDatabase db, PrivateRedisServer server, RedisClient redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
        PrivateRedisSchema s = PrivateRedisSchema.of(db, server, redis, "b" + db.schema() + ":", "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO items VALUES (1, 'x')");
        }
        return s;
    }
}
