package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

@ExtendWith(WriteThroughServices.class)
class PrivateRedisServerTest {

    @Test
    void isAServerOfItsOwnOnAFreePort(PrivateRedisServer server, RedisService shared) {
        assertThat(server.url()).isEqualTo("redis://127.0.0.1:" + server.port());
        assertThat(server.url()).isNotEqualTo(shared.url());
        try (RedisClient client = client(server)) {
            assertThat(client.ping()).isEqualTo("PONG");
            assertThat(client.configGet("save")).containsEntry("save", "");
            assertThat(client.configGet("appendonly")).containsEntry("appendonly", "no");
        }
    }

    @Test
    void stopsAndRestartsEmptyOnTheSamePort(PrivateRedisServer server) {
        int port = server.port();
        try (RedisClient client = client(server)) {
            client.set("k", "v");

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(client::ping).isInstanceOf(JedisConnectionException.class);

            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertThat(client.ping()).isEqualTo("PONG");
            assertThat(client.get("k")).isNull();
        }
    }

    @Test
    void killedServerCanBeStartedAgain(PrivateRedisServer server) {
        try (RedisClient client = client(server)) {
            server.kill();
            assertThatThrownBy(client::ping).isInstanceOf(JedisConnectionException.class);
            server.start();
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void pausedServerTimesClientsOutUntilResumed(PrivateRedisServer server) {
        try (RedisClient client = client(server)) {
            assertThat(client.ping()).isEqualTo("PONG");
            server.pause();
            assertThatThrownBy(client::ping).isInstanceOf(JedisConnectionException.class);
            server.resume();
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void debugSleepIsAvailableForSlowServerTestsOnRedis7(PrivateRedisServer server) throws IOException {
        try (RedisClient client = client(server)) {
            String version = client.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .findFirst().orElseThrow();
            assumeFalse(version.startsWith("redis_version:6"), "redis-server 6 has no enable-debug-command option");
        }
        assertThat(rawCommand(server, "DEBUG SLEEP 0")).isEqualTo("+OK");
    }

    @Test
    void closeStopsTheProcessAndDeletesItsDirectory() {
        PrivateRedisServer server = PrivateRedisServer.launch();
        try (RedisClient client = client(server)) {
            assertThat(client.ping()).isEqualTo("PONG");
            server.close();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(client::ping).isInstanceOf(JedisConnectionException.class);
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void prefersRedisServerOnThePath() {
        Path binary;
        try (PrivateRedisServer server = PrivateRedisServer.launch()) {
            binary = server.binary();
        }
        assertThat(binary).isEqualTo(RedisBinary.onPath().orElse(RedisBinary.embedded()));
    }

    @Test
    void theEmbeddedRedisBinaryStartsHere() {
        try (PrivateRedisServer server = PrivateRedisServer.launch(RedisBinary.embedded());
             RedisClient client = client(server)) {
            assertThat(Files.isExecutable(server.binary())).isTrue();
            assertThat(client.ping()).isEqualTo("PONG");
            assertThat(client.info("server")).contains("redis_version:6.");
        }
    }

    @Test
    void aServerThatCannotStartReportsItsLog() {
        try (PrivateRedisServer server = PrivateRedisServer.launch()) {
            server.stop();
            // Occupy the port, so that the restart finds it taken.
            try (ServerSocket blocker = new ServerSocket()) {
                blocker.bind(new InetSocketAddress("127.0.0.1", server.port()));
                assertThatThrownBy(server::start)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("port " + server.port())
                        .hasMessageContaining("log ends with");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sends one inline command on a fresh connection and returns the first reply line. */
    private static String rawCommand(PrivateRedisServer server, String command) throws IOException {
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static RedisClient client(PrivateRedisServer server) {
        URI uri = URI.create(server.url());
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500).build())
                .build();
    }
}
