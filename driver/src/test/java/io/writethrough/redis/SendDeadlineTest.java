package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.WriteThroughServices;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * {@link RedisConnections}' own round trips and pipelines, and pipelined script calls, to a Redis that stopped reading (SIGSTOP): a send larger
 * than the socket buffers fails within {@code redis.timeout.ms}, its connection closed, where it would wait for good;
 * a small one is not guarded, and its reply times out as before.
 */
@ExtendWith(WriteThroughServices.class)
class SendDeadlineTest {

    private static final int TIMEOUT_MS = 500;
    private static final long SLACK_MS = 2_000;

    @Test
    void aLargeRoundTripFailsWithinTheTimeout(PrivateRedisServer server) {
        List<CommandArguments> set = List.of(set("big", 20 * 1024 * 1024));
        assertSendTimesOut(server, (connections, connection) ->
                connections.roundTrip(connection, new CommandObject<>(set.get(0), BuilderFactory.RAW_OBJECT)));
    }

    @Test
    void aLargePipelineFailsWithinTheTimeout(PrivateRedisServer server) {
        List<CommandArguments> sets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sets.add(set("big:" + i, 1024 * 1024));
        }
        assertSendTimesOut(server, (connections, connection) -> connections.pipeline(connection, sets));
    }

    @Test
    void aLargePipelineOfScriptCallsFailsWithinTheTimeout(PrivateRedisServer server) {
        LuaScript release = LuaScript.fromResources("release.lua");
        List<LuaScript.Call> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] mark = new byte[1024 * 1024];
            Arrays.fill(mark, (byte) ('a' + i));
            calls.add(new LuaScript.Call(List.of(mark), List.of(new byte[] {'t'})));
        }
        assertSendTimesOut(server, (connections, connection) -> release.runPipelined(connections, connection, calls, 0, 0));
    }

    @Test
    void aSmallCommandIsNotGuardedAndItsReplyTimesOut(PrivateRedisServer server) {
        try (RedisConnections connections = connections(server)) {
            Connection connection = connections.borrow(connections.deadline());
            server.pause();
            try {
                assertThatThrownBy(() -> connections.roundTrip(connection,
                        new CommandObject<>(set("small", 1024), BuilderFactory.RAW_OBJECT)))
                        .isInstanceOf(JedisConnectionException.class)
                        .hasRootCauseInstanceOf(SocketTimeoutException.class)
                        .hasMessageNotContaining("did not read");
            } finally {
                server.resume();
                connections.giveBack(connection);
            }
        }
    }

    private interface Send {
        void run(RedisConnections connections, Connection connection);
    }

    private static void assertSendTimesOut(PrivateRedisServer server, Send send) {
        try (RedisConnections connections = connections(server)) {
            Connection connection = connections.borrow(connections.deadline());
            server.pause();
            try {
                long start = System.nanoTime();
                Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    try {
                        send.run(connections, connection);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }, "a send waited for a Redis that does not read");
                long took = (System.nanoTime() - start) / 1_000_000;
                assertThat(failure).isInstanceOf(JedisConnectionException.class)
                        .hasCauseInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("did not read").hasMessageContaining("redis.timeout.ms");
                assertThat(took).as("ms the send took").isLessThan(TIMEOUT_MS + SLACK_MS);
                assertThat(connection.isBroken()).as("the connection is closed, not given back for use").isTrue();
            } finally {
                server.resume();
                connections.giveBack(connection);
            }
        }
    }

    private static RedisConnections connections(PrivateRedisServer server) {
        return new RedisConnections(() -> new HostAndPort(server.host(), server.port()),
                new ClientOptions(false, null, null, 0), TIMEOUT_MS, () -> 2);
    }

    private static CommandArguments set(String key, int bytes) {
        byte[] value = new byte[bytes];
        Arrays.fill(value, (byte) 'x');
        return new CommandArguments(Protocol.Command.SET).add(key).add(value);
    }
}
