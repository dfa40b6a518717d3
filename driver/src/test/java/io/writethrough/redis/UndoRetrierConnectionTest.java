package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.metrics.DriverMetrics;
import io.writethrough.redis.OwnershipStore.Release;
import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.PrivateRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The background undo retrier works on a connection of its own, outside the pool: while it waits for Redis, an
 * application call still has every pooled connection.
 */
class UndoRetrierConnectionTest {

    private static final String DATABASE = "db-1";
    private static final int TIMEOUT_MS = 1_000;

    @Test
    void aWaitingUndoNeverTakesAConnectionAWriteNeeds() throws Exception {
        try (PrivateRedisServer server = PrivateRedisServer.launch();
                FaultyProxy proxy = FaultyProxy.startFor(server);
                RedisClient plain = RedisClient.create(server.host(), server.port())) {
            // A pool of one connection.
            RedisWriter writer = RedisWriter.connect(RedisEndpoint.parse(proxy.redisUrl()), TIMEOUT_MS, 1, DriverMetrics.DISABLED);
            try {
                write(writer, "A", 100, "k", "\"a\""); // opens the pool's connection, loads the script
                writer.release(new Release("A", List.of("k")));

                // The retrier's first command is held in the network: it waits a whole timeout for Redis.
                proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD);
                assertThat(writer.deferUndo("B", List.of(new UndoStep("j", UndoStep.Mode.TRANSACTION, null)), null, false))
                        .isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!proxy.holding() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(proxy.holding()).as("the retrier's command is held").isTrue();

                long began = System.nanoTime();
                write(writer, "C", 300, "m", "\"c\"");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

                assertThat(ms).as("a write (and the waiting undo it runs first) while the retrier waits for Redis")
                        .isLessThan(TIMEOUT_MS / 2);
                assertThat(plain.get("m")).isEqualTo("\"c\"");
            } finally {
                proxy.releaseHeld();
                writer.close();
            }
        }
    }

    private static void write(RedisWriter writer, String tx, long xid, String key, String json) {
        writer.write(tx, xid, DATABASE, false, List.of(EntryWrite.json(key, json.getBytes(StandardCharsets.UTF_8), 0)),
                new boolean[1], Release.NONE);
    }
}
