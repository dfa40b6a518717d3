package io.writethrough.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.KeyTemplate;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Key values chosen to break a key renderer — the template's own delimiters, braces, %, text that looks escaped,
 * newlines and other control characters, non-BMP characters, empty strings, 1 MB strings — written end to end through
 * the driver: no two rows share a key, every row has its exact entry, and rows with plain values keep the keys they
 * had before the hostile rows arrived. NUL, which PostgreSQL text cannot hold, is tested on the key template itself.
 */
@ExtendWith(WriteThroughServices.class)
class HostileKeysTest {

    private static final String PREFIX = "hk:";

    /** Pairs that naive concatenation or a sloppy escape would render to one key. */
    static final List<String[]> HOSTILE = List.of(
            new String[] {"x:y", "z"}, new String[] {"x", "y:z"},
            new String[] {"x%3Ay", "z"}, new String[] {"x%", "3Ay:z"},
            new String[] {"%", "%"}, new String[] {"%25", "%"}, new String[] {"%%", ""},
            new String[] {"", ":"}, new String[] {":", ""}, new String[] {"", ""}, new String[] {"::", "::"},
            new String[] {"{a}", "b"}, new String[] {"{", "}"}, new String[] {"}{", "{}"}, new String[] {"{a}:{b}", "{b}"},
            new String[] {"line\nbreak", "x"}, new String[] {"line", "break\nx"}, new String[] {"cr\r", "\r\n"},
            new String[] {"tab\t", "\u0001\u001f\u007f"}, new String[] {"x", "y"}, new String[] {"hk:x", "y"},
            new String[] {"ü", "日本語"}, new String[] {"\uD83D\uDE00", "\uD83D\uDE00:"}, new String[] {"*", "?"},
            new String[] {"[a]", "\\"}, new String[] {"a b", " "}, new String[] {"'", "\""},
            new String[] {megabyte(1), "y"}, new String[] {megabyte(1).substring(1), "x:y"}, new String[] {megabyte(2), megabyte(3)},
            new String[] {":".repeat(1 << 20), "%".repeat(1 << 10)});

    /** A 1 MB string of letters and the template's delimiters, different for each seed. */
    static String megabyte(long seed) {
        Random random = new Random(seed);
        String alphabet = "abcxyz:%{}";
        StringBuilder out = new StringBuilder(1 << 20);
        for (int i = 0; i < 1 << 20; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static Properties mapping(PrivateRedisServer server, String... lines) throws Exception {
        Path file = Files.createTempFile("writethrough-hostile-keys-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, "redis.url=" + server.url() + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("writethrough.config", file.toString());
        return p;
    }

    private static MappingConfig config(String... lines) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(String.join("\n", lines)));
        return MappingConfig.parse(p, "test");
    }

    @Test
    void hostileKeyValuesNeverCollideNorMoveAnotherRowsKey(TestDatabase db, PrivateRedisServer server) throws Exception {
        // No index on pairs: a B-tree entry cannot hold a 1 MB key. The test's rows are unique by construction.
        db.execute("CREATE TABLE pairs (a text NOT NULL, b text NOT NULL, v text)",
                "CREATE TABLE names (name text PRIMARY KEY, v int)");
        String[] lines = {"table.pairs.key=" + PREFIX + "p:{a}:{b}", "table.names.key=" + PREFIX + "n:{name}", "table.names.format=json"};
        MappingConfig config = config(lines);
        try (RedisClient redis = RedisClient.create(server.host(), server.port());
             Connection c = DriverManager.getConnection(db.writeThroughUrl(), mapping(server, lines))) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO pairs SELECT 'k' || g, 'v' || g, 'plain' FROM generate_series(1, 50) g");
                st.executeUpdate("INSERT INTO names SELECT 'k' || g, g FROM generate_series(1, 50) g");
            }
            Map<String, String> plainKeys = new HashMap<>();
            for (String key : redis.keys(PREFIX + "*")) {
                plainKeys.put(key, redis.type(key));
            }
            assertThat(plainKeys).hasSize(100);

            try (PreparedStatement pairs = c.prepareStatement("INSERT INTO pairs VALUES (?, ?, ?)");
                 PreparedStatement names = c.prepareStatement("INSERT INTO names VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET v = names.v + 1")) {
                int i = 0;
                for (String[] pair : HOSTILE) {
                    pairs.setString(1, pair[0]);
                    pairs.setString(2, pair[1]);
                    pairs.setString(3, "hostile " + i);
                    pairs.executeUpdate();
                    for (String value : pair) {
                        if (value.length() > 1000) {
                            continue; // names has a B-tree primary key
                        }
                        names.setString(1, value);
                        names.setInt(2, i);
                        names.executeUpdate();
                    }
                    i++;
                }
            }
            // Plain statements too, with the values inlined as literals, and key-changing updates (names has the
            // unique key they need) that move rows onto each other's former keys.
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO pairs VALUES (E'a\\\\:b', 'c', 'escaped'), ('a', E'\\\\:b:c', 'escaped')");
                st.executeUpdate("UPDATE names SET name = name || ':' WHERE name IN ('z', 'x:y', '%')");
                st.executeUpdate("UPDATE names SET name = name || '%3A' WHERE name IN ('x', 'y', '')");
            }
            List<CacheDifference> differences;
            try (Connection raw = db.connect()) {
                differences = CacheAssertions.differences(raw, redis, config.tables(), MissingKeyPolicy.REPORT);
            }
            assertThat(differences).as("differences, duplicate keys included").isEmpty();
            for (Map.Entry<String, String> plain : plainKeys.entrySet()) {
                assertThat(redis.type(plain.getKey())).as("plain row's key %s", plain.getKey()).isEqualTo(plain.getValue());
            }
            long rows = db.queryRows("SELECT (SELECT count(*) FROM pairs) + (SELECT count(*) FROM names) AS n").get(0).get("n") instanceof Number n
                    ? n.longValue() : -1;
            assertThat((long) redis.keys(PREFIX + "*").size()).as("one key per row").isEqualTo(rows);
        }
    }

    @Test
    void nulAndOtherHostileValuesRenderInjectivelyAtTheTemplateLevel() {
        KeyTemplate template = KeyTemplate.parse("p:{a}:{b}");
        assertThat(template.render(List.of("x\u0000", "y"))).isNotEqualTo(template.render(List.of("x", "\u0000y")));
        assertThat(template.render(List.of("\u0000", ""))).isNotEqualTo(template.render(List.of("", "\u0000")));
        assertThat(template.render(List.of("a\u0000b", "c"))).doesNotContain("\u0000");
        assertThat(template.render(List.of("42", "Robert"))).isEqualTo("p:42:Robert");

        // Random value pairs over an alphabet of delimiters, escapes and control characters: distinct values, distinct keys.
        String alphabet = "ab:%{}3A\u0000\n\r\t\u007f\u0001\\/ ü\uD83D\uDE00";
        Random random = new Random(6);
        Map<String, List<String>> seen = new LinkedHashMap<>();
        List<String> collisions = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            List<String> values = List.of(word(random, alphabet), word(random, alphabet));
            String key = template.render(values);
            List<String> earlier = seen.putIfAbsent(key, values);
            if (earlier != null && !earlier.equals(values)) {
                collisions.add(earlier + " and " + values + " -> " + key);
            }
        }
        assertThat(collisions).isEmpty();
    }

    private static String word(Random random, String alphabet) {
        int[] points = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(5);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return out.toString();
    }
}
