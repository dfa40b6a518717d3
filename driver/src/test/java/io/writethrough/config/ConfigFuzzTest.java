package io.writethrough.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.differential.DifferentialTest;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fuzzed configuration — mapping files mutated line by line and byte by byte, and the same junk given as connection
 * properties and URL parameters — only ever yields a working connection or an {@link SQLException} with a message,
 * never another exception type, and never a message that shows the password of a Redis URL. After every failure a
 * valid configuration still connects and writes through. Redis hosts are loopback or unparseable, so no case reaches
 * the network.
 */
@ExtendWith(WriteThroughServices.class)
class ConfigFuzzTest {

    static final String CANARY = "Pw-CANARY-7f3a";
    private static final int CASES = Integer.getInteger("differential.config.cases", 400);

    private static final List<String> BASE = List.of(
            "redis.url=redis://127.0.0.1:6390",
            "redis.timeout.ms=500",
            "redis.pool.size=2",
            "on.unsupported.write=fail",
            "plan.cache.size=100",
            "table.accounts.key=fz:acc:{id}",
            "table.accounts.format=hash",
            "table.accounts.columns=balance,owner",
            "table.accounts.ttl=60",
            "table.public.tags.key=fz:tag:{name}");

    private static final List<String> KEYS = List.of("redis.url", "redis.timeout.ms", "redis.pool.size", "on.unsupported.write",
            "plan.cache.size", "table.accounts.key", "table.accounts.format", "table.accounts.columns", "table.accounts.ttl",
            "table..key", "table.key", "table.a.b.c.key", "table.accounts.keys", "table.ACCOUNTS.key", "table.\"x\".key",
            "redis.URL", "writethrough.redis.url", "table.accounts", "table.accounts.key.extra", "", " ", "=", "#x", "!x",
            "table.ü.key", "table.accounts.format.", "redis.timeout", "table.nosuch.key", "table.accounts.ttl ");

    private static final List<String> VALUES = List.of("", " ", "0", "-1", "1", "2147483648", "99999999999999999999", "0x10",
            "1e3", "NaN", "true", "hash", "json", "JSON", "xml", "fail", "ignore", "{", "}", "{}", "{id", "id}", "{id}{id}",
            "{a}{b}", "x:{id}:{id}", "fz:{nosuch}", "fz:{id}", "{ id }", "\u0000", "\t", "ü{id}", "balance,,owner", ",",
            "balance,nosuch", "redis://127.0.0.1:6390", "redis://127.0.0.1:6390/2", "http://127.0.0.1", "redis://@", "redis://",
            "x".repeat(100_000), "{" + "a".repeat(50_000) + "}");

    /** Redis URLs carrying the canary password, well-formed or not: wherever they go, the password must not show. */
    private static final List<String> SECRET_URLS = List.of("redis://user:" + CANARY + "@127.0.0.1:6390",
            "redis://:" + CANARY + "@127.0.0.1:6390/2", "rediss://user:" + CANARY + "@127.0.0.1:6390",
            "redis://user:" + CANARY + "@127.0.0.1:6390:7", "redis://user:" + CANARY + "@[::1", "redis://us er:" + CANARY + "@h",
            "redis://user:" + CANARY + "@127.0.0.1:99999", "redis://user:" + CANARY + "@127.0.0.1:-1",
            "redis://user:" + CANARY + "@127.0.0.1:6390/abc", "redis://user:" + CANARY + "@127.0.0.1:6390/99999999999",
            "http://user:" + CANARY + "@127.0.0.1", "redis://user:" + CANARY + "%zz@127.0.0.1", "redis:/user:" + CANARY + "@127.0.0.1",
            "user:" + CANARY + "@127.0.0.1:6390", "redis://user:" + CANARY + "@", "redis://user:" + CANARY + "@127.0.0.1:6390?x=1",
            "redis://user:" + CANARY + "@127.0.0.1:6390#frag", "redis://user:" + CANARY + ":more@127.0.0.1:6390",
            "redis://user:" + CANARY.replace("-", "%2D") + "@127.0.0.1:6390");

    /** Where a user might put a Redis URL: the key itself, its property forms, and the typos of them. */
    private static final List<String> URL_KEYS = List.of("redis.url", "redis.url", "redis.url", "redis.URL", "Redis.url",
            "redis.ur", "redis_url", "redis.uri", "writethrough.redis.url");

    @Test
    void fuzzedConfigurationYieldsAConnectionOrAClearSqlException(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int, owner text)", "CREATE TABLE tags (name text PRIMARY KEY)");
        long seed = Long.getLong("differential.seed", System.nanoTime() & 0xFFFF_FFFFL);
        Random random = new Random(seed);
        List<String> problems = new ArrayList<>();
        int connected = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            FuzzCase fuzz = fuzzCase(random, db);
            try (Connection c = DriverManager.getConnection(fuzz.url, fuzz.properties)) {
                connected++;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
            } catch (SQLException e) {
                refused++;
                String problem = judge(e);
                if (problem != null) {
                    problems.add("case " + i + " (" + fuzz.description + "): " + problem);
                }
            } catch (Throwable t) {
                problems.add("case " + i + " (" + fuzz.description + "): " + t.getClass().getName() + ": " + t.getMessage());
            }
            if (i % 50 == 0) {
                assertValidConfigurationStillWorks(db);
            }
        }
        assertValidConfigurationStillWorks(db);
        String line = "config fuzz: seed=" + seed + " cases=" + CASES + " connected=" + connected + " refused=" + refused
                + " problems=" + problems.size();
        System.out.println(line);
        DifferentialTest.record(line);
        assertThat(problems).as("fuzz cases with another outcome than a connection or a clear SQLException (seed %d)", seed).isEmpty();
        assertThat(refused).as("the fuzzer produced invalid configurations").isPositive();
    }

    /** Null when the exception is a clear refusal; else what is wrong with it. */
    static String judge(SQLException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return "SQLException without a message";
        }
        if (e.getSQLState() == null) {
            return "SQLException without an SQLState: " + e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // The bare word, so that a percent-encoded or truncated password counts too.
            if (String.valueOf(t.getMessage()).contains("CANARY") || t.toString().contains("CANARY")) {
                return "the password shows in " + t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return null;
    }

    private static void assertValidConfigurationStillWorks(TestDatabase db) throws Exception {
        Path file = write(String.join("\n", BASE).getBytes(StandardCharsets.UTF_8));
        Properties p = new Properties();
        p.setProperty("writethrough.config", file.toString());
        p.setProperty("writethrough.redis.url", io.writethrough.testing.ServiceResolver.redis().url());
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts VALUES (1, 1, 'a') ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + 1");
        }
        io.writethrough.testing.ServiceResolver.redisClient().del("fz:acc:1");
    }

    record FuzzCase(String url, Properties properties, String description) {
    }

    private static FuzzCase fuzzCase(Random random, TestDatabase db) throws Exception {
        List<String> lines = new ArrayList<>(BASE);
        int mutations = 1 + random.nextInt(3);
        List<String> what = new ArrayList<>();
        for (int m = 0; m < mutations; m++) {
            int line = random.nextInt(lines.size());
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (lines.get(line).contains(CANARY)) {
                        continue; // a password under a key that is not secret is echoed like any value, as it should be
                    }
                    String key = pick(random, KEYS);
                    lines.set(line, key + "=" + valueOf(lines.get(line)));
                    what.add("key " + shown(key));
                }
                case 1 -> {
                    String value = pick(random, VALUES);
                    lines.set(line, keyOf(lines.get(line)) + "=" + value);
                    what.add(keyOf(lines.get(line)) + "=" + shown(value));
                }
                case 2 -> {
                    String key = pick(random, URL_KEYS);
                    String value = pick(random, SECRET_URLS);
                    lines.add(key + "=" + value);
                    what.add(shown(key) + "=" + shown(value));
                }
                case 6 -> {
                    lines.remove(line);
                    what.add("line removed");
                    if (lines.isEmpty()) {
                        lines.add("");
                    }
                }
                case 3 -> {
                    String key = pick(random, KEYS);
                    String value = pick(random, VALUES);
                    lines.add(key + "=" + value);
                    what.add("added " + shown(key) + "=" + shown(value));
                }
                case 4 -> {
                    lines.set(line, lines.get(line) + pick(random, List.of("\\", "\\u12", "\\uZZZZ", " \\\n", "\r", "\u0000")));
                    what.add("escape junk");
                }
                default -> {
                    lines.add(lines.get(line));
                    what.add("duplicate line");
                }
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0) {
            bytes = flipBytes(random, bytes);
            what.add("bytes flipped");
        }
        Properties properties = new Properties();
        String url = db.writeThroughUrl();
        switch (random.nextInt(4)) {
            case 0 -> properties.setProperty("writethrough.config", write(bytes).toString());
            case 1 -> {
                properties.setProperty("writethrough.config", write(String.join("\n", BASE).getBytes(StandardCharsets.UTF_8)).toString());
                boolean secret = random.nextBoolean();
                String key = secret ? pick(random, URL_KEYS) : pick(random, KEYS);
                properties.setProperty("writethrough." + key, secret ? pick(random, SECRET_URLS) : pick(random, VALUES));
                what.add("connection property writethrough." + shown(key));
            }
            case 2 -> {
                properties.setProperty("writethrough.config", write(String.join("\n", BASE).getBytes(StandardCharsets.UTF_8)).toString());
                boolean secret = random.nextBoolean();
                String key = secret ? pick(random, URL_KEYS) : pick(random, KEYS);
                url = url + "&writethrough." + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(secret ? pick(random, SECRET_URLS) : pick(random, VALUES), StandardCharsets.UTF_8);
                what.add("URL parameter writethrough." + shown(key));
            }
            default -> properties.setProperty("writethrough.config", pick(random, List.of(write(bytes).toString(), "/nonexistent/file",
                    "classpath:nosuch.properties", "/", "", "classpath:", System.getProperty("java.io.tmpdir"))));
        }
        return new FuzzCase(url, properties, String.join(", ", what));
    }

    private static byte[] flipBytes(Random random, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : bytes) {
            int r = random.nextInt(40);
            if (r == 0) {
                out.write(0xC3); // a lone UTF-8 lead byte
            } else if (r == 1) {
                out.write(0xFF);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static Path write(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("writethrough-fuzz-", ".properties");
        file.toFile().deleteOnExit();
        Files.write(file, bytes);
        return file;
    }

    private static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String keyOf(String line) {
        int eq = line.indexOf('=');
        return eq < 0 ? line : line.substring(0, eq);
    }

    private static String valueOf(String line) {
        int eq = line.indexOf('=');
        return eq < 0 ? "" : line.substring(eq + 1);
    }

    private static String shown(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
        return t.replace(CANARY, "<canary>").replace("\u0000", "\\0").replace("\n", "\\n");
    }
}
