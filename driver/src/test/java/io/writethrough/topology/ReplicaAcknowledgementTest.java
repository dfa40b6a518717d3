package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * With {@code redis.wait.replicas}, an undo must reach the replicas as a write does: a failover can otherwise keep a
 * value the undo took back. The failover here is the window Sentinel leaves: the replica is promoted
 * ({@code REPLICAOF NO ONE}) while the driver still writes to the old master, which no replica acknowledges any more.
 * Found by {@link SentinelTest}: a savepoint rollback's undo, lost that way, left the new master the rolled-back value
 * under the mark of a transaction that then committed, and the recovery sweep took it for committed.
 */
@ExtendWith(WriteThroughServices.class)
class ReplicaAcknowledgementTest {

    private static final int TIMEOUT_MS = 1_000;

    private PrivateRedisServer master;
    private PrivateRedisServer replica;

    @BeforeEach
    void replicatedPair() {
        master = PrivateRedisServer.launch();
        replica = PrivateRedisServer.launch();
        try (Jedis r = new Jedis(replica.host(), replica.port())) {
            r.replicaof(master.host(), master.port());
            Poll.until("the replica to be in sync", Duration.ofSeconds(30),
                    () -> r.info("replication").contains("master_link_status:up") ? null : "link down");
        }
    }

    @AfterEach
    void stop() {
        replica.close();
        master.close();
    }

    private static RedisClient client(PrivateRedisServer server) {
        return RedisClient.create(server.host(), server.port());
    }

    private static Properties settings(MappedSchema s, PrivateRedisServer redis, int replicas) {
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", redis.url());
        p.setProperty("writethrough.redis.wait.replicas", Integer.toString(replicas));
        p.setProperty("writethrough.redis.timeout.ms", Integer.toString(TIMEOUT_MS));
        p.setProperty("writethrough.recovery.interval.ms", "0");
        return p;
    }

    /** The replica becomes a master of its own, with what it had; the old master runs on without a replica. */
    private void promoteReplica() {
        try (Jedis r = new Jedis(replica.host(), replica.port())) {
            r.replicaofNoOne();
        }
    }

    @Test
    void aSavepointRollbackNoReplicaAcknowledgesDoomsTheTransaction(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)");
        MappedSchema s = MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), settings(s, master, 1));
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts VALUES (1, 100)");
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            Savepoint savepoint = c.setSavepoint();
            st.executeUpdate("UPDATE accounts SET balance = 102 WHERE id = 1");
            promoteReplica();

            assertThatThrownBy(() -> c.rollback(savepoint))
                    .as("the undo ran on the old master only: the new master still has 102")
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("40003");
                        assertThat(e.getMessage()).contains("replica");
                    });
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("40000"));
        }
        assertThat(s.balance(1)).as("the database rolled back").isEqualTo(100);

        // The promoted replica is the master now (without a replica of its own): a sweep there must leave what the
        // database holds.
        WriteThroughDriver.recover(db.writeThroughUrl(), settings(s, replica, 0));
        try (RedisClient promoted = client(replica)) {
            assertThat(promoted.hget(s.key("acc:1"), "balance")).isEqualTo("100");
        }
    }
}
