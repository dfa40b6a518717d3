package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.dialect.postgres.PostgresDialect;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.redis.RedisWriter;
import io.writethrough.redis.UndoStep;
import io.writethrough.testing.Poll;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * With {@code redis.wait.replicas}, a refill and an undo count as done only once the replicas have them, as a write
 * does: a failover would lose them otherwise (a miss, or a value the undo took back). A refill no replica acknowledges
 * stays pending and is tried again.
 */
@ExtendWith(WriteThroughServices.class)
class ReplicaAcknowledgedRefillTest {

    private static final int TIMEOUT_MS = 600;

    private static MappingConfig config(PrivateRedisServer server) {
        Properties p = new Properties();
        p.setProperty("redis.url", server.url());
        p.setProperty("redis.wait.replicas", "1");
        p.setProperty("redis.timeout.ms", Integer.toString(TIMEOUT_MS));
        p.setProperty("table.accounts.key", "ra:acc:{id}");
        return MappingConfig.parse(p, "test");
    }

    private static RedisWriter writer(MappingConfig config) {
        return RedisWriter.connect(RedisTopology.of(config), TIMEOUT_MS, 2, DriverMetrics.DISABLED);
    }

    @Test
    void fillsAndAnUndoNoReplicaAcknowledgesFail(PrivateRedisServer server) {
        try (RedisWriter writer = writer(config(server))) {
            EntryWrite entry = EntryWrite.hash("ra:acc:1",
                    List.of("balance".getBytes(StandardCharsets.UTF_8), "100".getBytes(StandardCharsets.UTF_8)), 0);
            assertThatThrownBy(() -> writer.fill(List.of(entry))).isInstanceOf(RedisWriteException.class)
                    .hasMessageContaining("0 of 1 replica(s)");
            assertThatThrownBy(() -> writer.fillLockedRows(List.of(entry))).as("warming's fill in plain commands")
                    .isInstanceOf(RedisWriteException.class).hasMessageContaining("0 of 1 replica(s)");
            assertThatThrownBy(() -> writer.undo("tx-1", List.of(new UndoStep("ra:acc:1", UndoStep.Mode.INVALIDATE, null)),
                    OwnershipStore.Release.NONE, Set.of(), true)).isInstanceOf(RedisWriteException.class)
                    .hasMessageContaining("0 of 1 replica(s)");
        }
    }

    @Test
    void aRefillNoReplicaAcknowledgesStaysPendingUntilOneDoes(TestDatabase db, PrivateRedisServer server) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)", "INSERT INTO accounts VALUES (1, 100)");
        MappingConfig config = config(server);
        try (PrivateRedisServer replica = PrivateRedisServer.launch();
                RedisWriter writer = writer(config);
                Recovery recovery = new Recovery(writer, new PostgresDialect(), config, db.schema(), db::connect, 0,
                        DriverMetrics.DISABLED);
                RedisClient master = RedisClient.create(server.host(), server.port());
                Jedis second = new Jedis(replica.host(), replica.port())) {
            recovery.refill(List.of("ra:acc:1"));
            // The first tries run on a master without a replica: none may count as done.
            Poll.until("a refill tried on the master", Duration.ofSeconds(10),
                    () -> master.exists("ra:acc:1") ? null : "not yet");
            // Gone again before a replica syncs, so that only a later try can bring it there.
            master.del("ra:acc:1");
            second.replicaof(server.host(), server.port());
            Poll.until("the refill, acknowledged, on the replica", Duration.ofSeconds(20),
                    () -> "100".equals(second.hget("ra:acc:1", "balance")) ? null : "not yet");
            assertThat(master.hget("ra:acc:1", "balance")).isEqualTo("100");
        }
    }
}
