package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.PrivateTlsRedis;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import io.writethrough.testing.ForkedJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The driver over TLS as an ACL user: a {@code redis-server} with only a TLS port, a certificate signed by a CA made
 * for the test, and a user with a password. The driver checks the server certificate against the JVM's trust store,
 * so the writes run in a JVM started with {@code -Djavax.net.ssl.trustStore} ({@link TlsScenario}); a pooled
 * connection the server closed while it was idle is not used (the next write succeeds); a wrong password fails the
 * statement with Redis's {@code WRONGPASS}, and the password never shows.
 */
@ExtendWith(WriteThroughServices.class)
class TlsAclTest {

    @Test
    void writesAndUndoesOverTlsAsAnAclUserAndAWrongPasswordFailsClearly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
        try (PrivateTlsRedis tls = PrivateTlsRedis.launch()) {
            // rediss:// with redis.user and redis.password; then redis:// with redis.ssl=true and a wrong password.
            Path good = config("redis.url=rediss://127.0.0.1:" + tls.tlsPort(), "redis.user=" + tls.user(),
                    "redis.password=" + tls.password());
            Path wrong = config("redis.url=redis://127.0.0.1:" + tls.tlsPort(), "redis.ssl=true",
                    "redis.user=" + tls.user(), "redis.password=" + tls.password() + "-wrong");
            ForkedJvm.Result result = ForkedJvm.run(TlsScenario.class,
                    List.of("-Djavax.net.ssl.trustStore=" + tls.trustStore(),
                            "-Djavax.net.ssl.trustStorePassword=" + tls.truststorePassword(),
                            "-Djavax.net.ssl.trustStoreType=PKCS12"),
                    List.of(db.writeThroughUrl(), good.toString(), wrong.toString(), Integer.toString(tls.tlsPort()),
                            tls.user(), tls.password()), Duration.ofMinutes(2));

            assertThat(result.exitCode()).as("child output:\n%s", result.output()).isZero();
            assertThat(result.output()).contains("WROTE over TLS", "WROTE after the server closed the idle connections",
                    "REFUSED 40003", "WRONGPASS").doesNotContain(tls.password());
            try (RedisClient redis = RedisClient.builder().hostAndPort(tls.host(), tls.tlsPort())
                    .clientConfig(DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.sslSocketFactory())
                            .user(tls.user()).password(tls.password()).build()).build()) {
                for (int id = 1; id <= 5; id++) {
                    int balance = id * 10 + (id >= 4 ? 1 : 0);
                    assertThat(redis.hgetAll("acc:" + id)).as("acc:" + id)
                            .isEqualTo(Map.of("id", "" + id, "balance", "" + balance));
                }
                // Marks, tombstones, refill sets (not the recovery timer's turn, writethrough:sweep:).
                assertThat(redis.keys("writethrough:[odr]*")).as("marks left").isEmpty();
            }
        }
    }

    private static Path config(String... redis) throws Exception {
        Path file = Files.createTempFile("writethrough-tls-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", redis) + "\ntable.accounts.key=acc:{id}\n", StandardCharsets.UTF_8);
        return file;
    }
}
