package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar target/writethrough-cli.jar}, as an operator runs it: the jar carries everything it needs (the
 * driver with its relocated libraries, pgjdbc, picocli, jackson-core, the progress bar, an SLF4J binding), finds both
 * JDBC drivers, and warms and verifies; a bad option exits 2.
 */
@ExtendWith(WriteThroughServices.class)
class ToolJarIT {

    private static final Path JAR = Path.of(System.getProperty("cli.jar", "target/writethrough-cli.jar"));

    @Test
    void theJarWarmsAndVerifies(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        try (Connection raw = db.connect()) {
            Shop.fill(raw, 1, 100);
        }
        Run warm = java(shop.args("warm"));
        assertThat(warm.exit()).as(warm.output()).isZero();
        assertThat(warm.output()).contains("rows=200 written=200 owned=0").doesNotContain("SLF4J");
        Run verify = java(shop.args("verify"));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output().strip()).endsWith("rows=200 matching=200 missing=0 stale=0 orphan=0");
        shop.assertConsistent();

        Run usage = java(new String[] {"verify", "--batch-size", "0"});
        assertThat(usage.exit()).as(usage.output()).isEqualTo(2);
    }

    private record Run(int exit, String output) {
    }

    private static Run java(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not end within 2 minutes:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
