package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

@ExtendWith(WriteThroughServices.class)
class FaultyProxyTest {

    private static RedisClient through(FaultyProxy proxy) {
        return RedisClient.builder().hostAndPort(new HostAndPort(proxy.host(), proxy.port()))
                .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(300).build()).build();
    }

    private static RedisClient direct(PrivateRedisServer server) {
        return RedisClient.create(server.host(), server.port());
    }

    @Test
    void forwardsTransparently(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy)) {
            client.set("k", "v".repeat(200_000));
            assertThat(client.get("k")).hasSize(200_000);
            assertThat(proxy.openConnections()).isPositive();
            assertThat(proxy.commandsSeen()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aStallMakesClientsTimeOutAndHealingLetsThemGoOn(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy)) {
            client.set("k", "1");
            proxy.stall();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisConnectionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            proxy.heal();
            assertThat(client.get("k")).isEqualTo("1");
        }
    }

    @Test
    void cutsAndRefusals(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy)) {
            client.set("k", "1");
            proxy.refuseConnections(true);
            proxy.cutConnections();
            assertThat(proxy.openConnections()).isZero();
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisConnectionException.class);
            proxy.refuseConnections(false);
            assertThat(client.get("k")).isEqualTo("1");
        }
    }

    @Test
    void cutBeforeTheCommandKeepsItFromTheServer(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy);
             RedisClient check = direct(server)) {
            client.set("a", "1");
            proxy.cutAtCommand(2, FaultyProxy.Cut.BEFORE_COMMAND);
            client.set("b", "1");
            assertThatThrownBy(() -> client.set("c", "1")).isInstanceOf(JedisConnectionException.class);
            assertThat(proxy.cutPending()).isFalse();
            assertThat(check.get("b")).isEqualTo("1");
            assertThat(check.exists("c")).as("the cut command never reached Redis").isFalse();
        }
    }

    @Test
    void cutBeforeTheReplyLetsTheServerRunTheCommand(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy);
             RedisClient check = direct(server)) {
            client.set("a", "1");
            proxy.cutAtCommand(1, FaultyProxy.Cut.BEFORE_REPLY);
            assertThatThrownBy(() -> client.set("c", "1")).isInstanceOf(JedisConnectionException.class);
            assertThat(check.get("c")).as("Redis ran the command whose reply was lost").isEqualTo("1");
        }
    }

    @Test
    void aHeldCommandReachesTheServerAfterTheClientGaveUp(PrivateRedisServer server) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy);
             RedisClient check = direct(server)) {
            client.set("a", "1");
            proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD);
            assertThatThrownBy(() -> client.set("late", "1")).isInstanceOf(JedisConnectionException.class);
            assertThat(proxy.holding()).isTrue();
            assertThat(client.get("a")).as("other connections flow on").isEqualTo("1");
            assertThat(check.exists("late")).isFalse();
            proxy.releaseHeld();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!check.exists("late") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(check.get("late")).as("delivered late").isEqualTo("1");
        }
    }

    @Test
    void aCountdownWithAFilterCountsOnlyTheCommandsThatCarryIt(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy)) {
            client.set("a", "1");
            proxy.cutAtCommand(1, FaultyProxy.Cut.BEFORE_COMMAND, "target");
            client.set("a", "2");
            assertThat(client.get("a")).as("commands without the bytes pass uncounted").isEqualTo("2");
            assertThat(proxy.cutPending()).isTrue();
            assertThatThrownBy(() -> client.set("target", "1")).isInstanceOf(JedisConnectionException.class);
            assertThat(proxy.cutPending()).isFalse();
        }
    }

    @Test
    void latencyDelaysEveryRoundTrip(PrivateRedisServer server) {
        try (FaultyProxy proxy = FaultyProxy.startFor(server); RedisClient client = through(proxy)) {
            client.ping();
            proxy.setLatency(Duration.ofMillis(50));
            long start = System.nanoTime();
            client.ping();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void closingEndsEveryProxyThread(PrivateRedisServer server) throws Exception {
        FaultyProxy proxy = FaultyProxy.startFor(server);
        try (RedisClient client = through(proxy)) {
            client.ping();
        }
        proxy.close();
        List<Thread> left = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        do {
            left.clear();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(FaultyProxy.THREAD_PREFIX + proxy.port() + "-") && t.isAlive()) {
                    left.add(t);
                }
            }
            if (!left.isEmpty()) {
                left.get(0).join(100);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).isEmpty();
    }

    @Test
    void refusesNonLoopbackTargets() {
        assertThatThrownBy(() -> FaultyProxy.start("192.0.2.1", 6379)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandCounterFindsCommandEndsAcrossChunks() {
        String get = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
        String ping = "PING\r\n";
        byte[] stream = (get + ping + "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n0123456789\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            RespCommandCounter counter = new RespCommandCounter();
            List<Integer> ends = new ArrayList<>();
            for (int from = 0; from < stream.length; from += chunk) {
                int to = Math.min(stream.length, from + chunk);
                int at = from;
                int end;
                while (at < to && (end = counter.feed(stream, at, to)) >= 0) {
                    ends.add(end);
                    at = end;
                }
            }
            assertThat(ends).as("chunk size %d", chunk).containsExactly(get.length(), get.length() + ping.length(), stream.length);
        }
    }
}
