package io.writethrough.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.testing.ForkedJvm;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A canary password given in every way a user can — the JDBC URL's {@code password=}, the {@code password}
 * connection property, {@code redis.url} in the mapping file, {@code writethrough.redis.url} as connection property,
 * URL parameter and system property, the DataSource — never shows in any log line at any level, any exception
 * message or cause, or any {@code toString()}; a canary parameter value never shows in the driver's own messages or
 * log lines. The work runs in a child JVM ({@link SecretsScenario}) so that every line, from the first logger on, is
 * captured, with every SLF4J logger at TRACE; Redis fails under it in every way the fault proxy can make it.
 */
@ExtendWith(WriteThroughServices.class)
class SecretsTest {

    static final String PASSWORD = "S3cr3t-CANARY-pw";
    static final String BOUND = "BOUND-CANARY-ssn-123";

    @Test
    void canariesNeverShow(TestDatabase db, PrivateRedisServer server) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int, secret text)", "INSERT INTO accounts VALUES (1, 0, NULL), (2, 0, NULL)");
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            admin.aclSetUser("app", "on", ">" + PASSWORD, "~*", "&*", "+@all");
        }
        ForkedJvm.Result result = ForkedJvm.run(SecretsScenario.class,
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Dorg.slf4j.simpleLogger.logFile=System.out",
                        "-Dorg.slf4j.simpleLogger.showLogName=true", "-Dorg.slf4j.simpleLogger.showShortLogName=false"),
                List.of(db.jdbcUrl(), server.host(), Integer.toString(server.port()), PASSWORD, BOUND), Duration.ofMinutes(5));
        String output = result.output();
        // Kept for reading when an assertion fails; it holds canaries only, no real secret.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "secrets-child-output.txt"), output);
        List<String> lines = output.lines().toList();
        assertThat(result.exitCode()).as("child exit code; output tail:\n%s", tail(lines)).isZero();
        assertThat(output).contains("DONE", "PHASE file redis.url + URL password", "PHASE system property", "PHASE data source",
                "PHASE redis.user + redis.password", "PHASE wrong redis.password", "WRONGPASS",
                "both 'redis.url' and 'redis.password' give a password");

        List<String> passwordLines = lines.stream().filter(l -> l.contains("CANARY-pw") || l.contains("S3cr3t")).toList();
        assertThat(passwordLines).as("lines showing the password").isEmpty();

        // The driver's own words: its log lines (loggers io.writethrough.*) and messages starting "writethrough:".
        Pattern own = Pattern.compile("(?i)( io\\.writethrough\\.[\\w.]+ - |writethrough: )");
        List<String> boundLines = lines.stream().filter(l -> l.contains(BOUND) && own.matcher(l).find()).toList();
        assertThat(boundLines).as("driver messages or log lines showing a bound parameter value").isEmpty();

        long exceptions = lines.stream().filter(l -> l.startsWith("EXC ")).count();
        long driverLogLines = lines.stream().filter(l -> l.contains(" io.writethrough.")).count();
        assertThat(exceptions).as("the scenario produced exceptions to inspect").isGreaterThan(20);
        String line = "secrets: " + lines.size() + " lines captured, " + exceptions + " exception lines, " + driverLogLines
                + " driver log lines, pgjdbc PreparedStatement.toString lines showing a bound value: "
                + lines.stream().filter(l -> l.startsWith("TOSTRING-PREPARED") && l.contains(BOUND)).count();
        System.out.println(line);
        DifferentialTest.record(line);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
