package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.redis.SweepTurns;
import io.writethrough.testing.ForkedJvm;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * A large UPDATE through the driver in a JVM with a small heap: committed, then once more rolled back. Every build runs
 * 200,000 rows in 48 MB; the 1,000,000-row form in 256 MB is opt-in (it takes about a minute):
 * <pre>
 * mvn -B -pl driver -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LargeUpdateMemoryTest#aMillionRowUpdateFitsInABoundedHeap -Ddifferential.large=true [-Ddifferential.large.rows=1000000] [-Ddifferential.large.heap=256m]
 * </pre>
 * Figures (time and peak heap of each phase) are printed and appended to {@code driver/target/differential-runs.txt}.
 */
@ExtendWith(WriteThroughServices.class)
class LargeUpdateMemoryTest {

    @Test
    void aLargeUpdateRunsInBoundedMemory(TestDatabase db, PrivateRedisServer server) throws Exception {
        updateAllRowsInAForkedJvm(db, server, 200_000, "48m");
    }

    @Test
    @EnabledIfSystemProperty(named = "differential.large", matches = "true")
    void aMillionRowUpdateFitsInABoundedHeap(TestDatabase db, PrivateRedisServer server) throws Exception {
        int rows = Integer.getInteger("differential.large.rows", 1_000_000);
        String heap = System.getProperty("differential.large.heap", "256m");
        updateAllRowsInAForkedJvm(db, server, rows, heap);
    }

    /** Creates {@code rows} rows, updates them all through the driver in a JVM with {@code heap}, checks Redis after. */
    static void updateAllRowsInAForkedJvm(TestDatabase db, PrivateRedisServer server, int rows, String heap) throws Exception {
        db.execute("CREATE TABLE big (id int PRIMARY KEY, v int NOT NULL, pad text)",
                "INSERT INTO big SELECT g, 0, 'row ' || g FROM generate_series(1, " + rows + ") g");
        Path config = Files.createTempFile("writethrough-large-", ".properties");
        config.toFile().deleteOnExit();
        Files.writeString(config, "redis.url=" + server.url() + "\ntable.big.key=lu:{id}\ntable.big.columns=v\n", StandardCharsets.UTF_8);

        ForkedJvm.Result result = ForkedJvm.run(LargeUpdateScenario.class, List.of("-Xmx" + heap, "-XX:+UseSerialGC"),
                List.of(db.writeThroughUrl(), config.toString()), Duration.ofMinutes(20));
        String figures = result.output().lines().filter(l -> l.startsWith("RESULT")).reduce((a, b) -> a + "; " + b).orElse("(none)");
        String line = "large update: rows=" + rows + " heap=" + heap + " exit=" + result.exitCode() + " total="
                + result.duration().toSeconds() + " s: " + figures;
        System.out.println(line);
        DifferentialTest.record(line);
        assertThat(result.exitCode()).as("child JVM exit code; its output:\n%s", tail(result.output())).isZero();

        try (RedisClient redis = RedisClient.create(server.host(), server.port())) {
            // But for the recovery timer's turn, which a timed sweep leaves when the run outlasts recovery.interval.ms.
            long turns = redis.keys(SweepTurns.PREFIX + "*").size();
            assertThat(redis.dbSize() - turns).as("one key per row, no ownership mark left").isEqualTo(rows);
            Random random = new Random(rows);
            for (int i = 0; i < 1_000; i++) {
                int id = 1 + random.nextInt(rows);
                assertThat(redis.hgetAll("lu:" + id)).as("entry of row %d (committed v = 1)", id).isEqualTo(Map.of("v", "1"));
            }
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
