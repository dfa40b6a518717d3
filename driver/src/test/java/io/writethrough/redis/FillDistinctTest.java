package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.metrics.DriverMetrics;
import io.writethrough.testing.CommandStats;
import io.writethrough.testing.PrivateRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * {@link RedisWriter#fillDistinct} ({@code fill_unmarked.lua} in front of {@code fill.lua}) and
 * {@link RedisWriter#fillLockedRows} (plain commands: one EXISTS, then MULTI, DEL, each entry, EXEC) leave Redis as
 * {@link RedisWriter#fill} does: with no mark standing (their few-command paths) and with one (entry by entry, the
 * marked key left to its owner); hashes replaced, not merged; TTLs kept.
 */
class FillDistinctTest {

    private PrivateRedisServer server;
    private RedisClient plain;
    private RedisWriter writer;

    @BeforeEach
    void launch() {
        server = PrivateRedisServer.launch();
        plain = RedisClient.create(server.host(), server.port());
        writer = RedisWriter.connect(RedisEndpoint.parse(server.url()), 2_000, 1, DriverMetrics.DISABLED);
    }

    @AfterEach
    void stop() {
        writer.close();
        plain.close();
        server.close();
    }

    @Test
    void writesWhatFillWritesWithAndWithoutAMark() {
        for (String side : List.of("fill", "distinct", "locked")) {
            // Stale entries to be replaced: a hash with a field the row no longer has, a string of another type.
            plain.hset(side + ":h1", Map.of("name", "old", "gone", "x"));
            plain.hset(side + ":j1", Map.of("a", "b"));
            plain.psetex(side + ":j3", 60_000, "old");
            long scripts = CommandStats.scriptCalls(plain);
            assertThat(fill(writer, side, entries(side))).isEqualTo(6);
            if (side.equals("locked")) {
                assertThat(CommandStats.scriptCalls(plain)).as("plain commands, no script").isEqualTo(scripts);
            }

            plain.set(writer.layout().markKey(side + ":h2"), "owner");
            assertThat(fill(writer, side, entries(side))).as("the marked key is left out").isEqualTo(5);
            assertThat(writer.fill(entries(side))).as("fill names the key it left to its owner")
                    .containsExactly(side + ":h2");
            assertThat(CommandStats.scriptCalls(plain)).as("a mark stands: fill.lua").isGreaterThan(scripts);
        }
        for (String key : List.of("h1", "h2", "j1", "j2", "j3", "d1")) {
            assertThat(dump(plain, "distinct:" + key)).as(key).isEqualTo(dump(plain, "fill:" + key));
            assertThat(dump(plain, "locked:" + key)).as(key).isEqualTo(dump(plain, "fill:" + key));
        }
        assertThat(plain.hgetAll("distinct:h1")).isEqualTo(Map.of("name", "new", "n", "1"));
        assertThat(plain.get("distinct:j1")).isEqualTo("{\"a\":1}");
        assertThat(plain.pttl("distinct:j2")).isPositive();
        assertThat(plain.pttl("distinct:j3")).as("the old entry's TTL went with it").isEqualTo(-1);
        assertThat(plain.exists("distinct:d1")).isFalse();
    }

    @Test
    void jsonEntriesReplaceTheirKeysWithoutADelete() {
        for (String side : List.of("distinct", "locked")) {
            plain.hset(side + ":j1", Map.of("a", "b"));
            List<EntryWrite> entries = List.of(EntryWrite.json(side + ":j1", bytes("{\"a\":1}"), 0),
                    EntryWrite.json(side + ":j2", bytes("{\"b\":2}"), 60_000));
            long deletes = CommandStats.calls(plain, "del");
            assertThat(fill(writer, side, entries)).isEqualTo(2);
            assertThat(CommandStats.calls(plain, "del")).as(side).isEqualTo(deletes);
            assertThat(plain.get(side + ":j1")).isEqualTo("{\"a\":1}");
            assertThat(plain.pttl(side + ":j2")).isPositive();
        }
    }

    private static long fill(RedisWriter writer, String side, List<EntryWrite> entries) {
        return switch (side) {
            case "fill" -> entries.size() - writer.fill(entries).size();
            case "distinct" -> writer.fillDistinct(entries);
            default -> writer.fillLockedRows(entries);
        };
    }

    private static List<EntryWrite> entries(String side) {
        List<EntryWrite> entries = new ArrayList<>();
        entries.add(EntryWrite.hash(side + ":h1", List.of(bytes("name"), bytes("new"), bytes("n"), bytes("1")), 0));
        entries.add(EntryWrite.hash(side + ":h2", List.of(bytes("name"), bytes("two")), 60_000));
        entries.add(EntryWrite.json(side + ":j1", bytes("{\"a\":1}"), 0));
        entries.add(EntryWrite.json(side + ":j2", bytes("{\"b\":2}"), 60_000));
        entries.add(EntryWrite.json(side + ":j3", bytes("{\"c\":3}"), 0));
        entries.add(EntryWrite.delete(side + ":d1"));
        return entries;
    }


    /** What a key holds, its type and a TTL or none, comparable across the two sides. */
    private static String dump(RedisClient redis, String key) {
        String type = redis.type(key);
        String value = switch (type) {
            case "hash" -> new TreeMap<>(redis.hgetAll(key)).toString();
            case "string" -> redis.get(key);
            default -> "";
        };
        return type + " " + value + " " + (redis.pttl(key) > 0 ? "ttl" : "no ttl");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
