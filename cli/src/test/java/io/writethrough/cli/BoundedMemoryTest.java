package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.ForkedJvm;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory stays bounded at any table size: warm, then verify, of 200,000 rows of about 330 bytes each (some 66 MB of
 * values alone, more than the heap) in a JVM of its own with {@code -Xmx64m}. Rows come through a cursor and keys
 * through SCAN, a chunk at a time; a tool that held a table's rows or entries would run out of heap.
 */
@ExtendWith(WriteThroughServices.class)
class BoundedMemoryTest {

    static final int ROWS = Integer.getInteger("cli.memory.rows", 200_000);

    @Test
    void warmAndVerifyOfTwoHundredThousandRowsRunIn64Megabytes(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE wide (id bigint PRIMARY KEY, n int, payload text)",
                "INSERT INTO wide SELECT g, g % 1000, repeat(md5(g::text), 10) FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE wide");
        Path config = Files.createTempFile("writethrough-cli-", ".properties");
        config.toFile().deleteOnExit();
        Files.writeString(config, "redis.url=" + redis.url() + "\ntable.wide.key=" + redis.prefix() + "w:{id}\n",
                StandardCharsets.UTF_8);

        for (String command : new String[] {"warm", "verify"}) {
            List<String> args = new ArrayList<>(List.of(command, "--jdbc-url", db.jdbcUrl(), "--config", config.toString()));
            ForkedJvm.Result result = ForkedJvm.run(Main.class, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), args,
                    Duration.ofMinutes(5));
            List<String> lines = result.output().lines().toList();
            assertThat(result.exitCode()).as("%s exit code; output:\n%s", command, result.output()).isZero();
            assertThat(lines.get(lines.size() - 1)).isEqualTo(command.equals("warm")
                    ? "rows=" + ROWS + " written=" + ROWS + " owned=0"
                    : "rows=" + ROWS + " matching=" + ROWS + " missing=0 stale=0 orphan=0");
            System.out.println(command + " of " + ROWS + " rows in -Xmx64m: " + result.duration().toMillis() + " ms");
        }
    }
}
