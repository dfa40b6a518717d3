package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A command that cannot run exits with 2 and one line on stderr naming the problem, never a password, and no stack
 * trace unless {@code --verbose}: a bad URL, a missing or bad mapping file, an unknown table, an unreachable Redis or
 * database, a missing option.
 */
@ExtendWith(WriteThroughServices.class)
class FailuresTest {

    private static final String PG_SECRET = "pg-s3cret-Canary";
    private static final String REDIS_SECRET = "redis-s3cret-Canary";

    @Test
    void aUrlThatIsNotPostgres(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        Cli.Result result = Cli.run("verify", "--jdbc-url", "jdbc:mysql://db:3306/shop?user=app&password=" + PG_SECRET,
                "--config", shop.config.toString());
        assertOneLine(result, "--jdbc-url must be a PostgreSQL JDBC URL", "jdbc:mysql:");
    }

    @Test
    void aMissingOrBadMappingFile(TestDatabase db, TestRedis redis) throws Exception {
        Cli.Result missing = Cli.run("warm", "--jdbc-url", db.jdbcUrl(), "--config", "/nonexistent/writethrough.properties");
        assertOneLine(missing, "--config /nonexistent/writethrough.properties: no such file");

        Path bad = file("redis.url=" + redis.url() + "\ntable.users.kee=" + redis.prefix() + "user:{id}\n");
        Cli.Result unknownKey = Cli.run("warm", "--jdbc-url", db.jdbcUrl(), "--config", bad.toString());
        assertOneLine(unknownKey, "writethrough:", "table.users.kee");
    }

    @Test
    void anUnknownTable(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        Cli.Result result = Cli.run(shop.args("verify", "--table", "users", "--table", "nope"));
        assertOneLine(result, "table 'nope' is not mapped", "mapped tables: orders, users");
    }

    @Test
    void anUnreachableRedisIsNamedWithoutItsPassword(TestDatabase db, TestRedis redis) throws Exception {
        Path config = file("redis.url=redis://app:" + REDIS_SECRET + "@127.0.0.1:" + freePort() + "\nredis.timeout.ms=500\n"
                + "table.users.key=" + redis.prefix() + "user:{id}\n");
        Cli.Result result = Cli.run("verify", "--jdbc-url", db.jdbcUrl(), "--config", config.toString());
        assertOneLine(result, "Redis at redis://app:", "127.0.0.1");

        Cli.Result verbose = Cli.run("verify", "--jdbc-url", db.jdbcUrl(), "--config", config.toString(), "--verbose");
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.err()).contains("\tat ").doesNotContain(REDIS_SECRET);
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        for (String url : new String[] {
            "jdbc:postgresql://127.0.0.1:" + freePort() + "/shop?user=app&password=" + PG_SECRET,
            "jdbc:writethrough:postgresql://127.0.0.1:" + freePort() + "/shop?password=" + PG_SECRET + "&user=app"}) {
            Cli.Result result = Cli.run("warm", "--jdbc-url", url, "--config", shop.config.toString(), "--verbose");
            assertThat(result.exit()).as("%s", result).isEqualTo(2);
            assertThat(result.err()).doesNotContain(PG_SECRET).contains("refused");
            assertThat(result.errLines().get(0)).startsWith("writethrough-cli: Connection to 127.0.0.1:").contains("refused");
            assertThat(result.out()).doesNotContain(PG_SECRET);
        }
    }

    @Test
    void aMissingOptionIsAUsageError() {
        Cli.Result result = Cli.run("verify", "--config", "x.properties");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--jdbc-url=URL'");
    }

    private static void assertOneLine(Cli.Result result, String... contains) {
        assertThat(result.exit()).as("%s", result).isEqualTo(2);
        assertThat(result.errLines()).as("%s", result).hasSize(1);
        assertThat(result.err()).contains(contains).doesNotContain(PG_SECRET, REDIS_SECRET, "\tat ");
        assertThat(result.out()).isEmpty();
    }

    private static Path file(String text) throws Exception {
        Path file = Files.createTempFile("writethrough-cli-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
