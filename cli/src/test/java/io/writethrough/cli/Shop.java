package io.writethrough.cli;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import redis.clients.jedis.UnifiedJedis;

/**
 * Two mapped tables in a test's schema, their keys under the test's prefix: {@code users} as hashes
 * ({@code <p>user:{id}}) and {@code orders} as JSON ({@code <p>order:{id}}), with columns of many types.
 */
final class Shop {

    static final String[] DDL = {
        "CREATE TABLE users (id serial PRIMARY KEY, name text, email text, score numeric(6,2), active boolean, "
                + "born date, seen timestamptz, avatar bytea)",
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int, total numeric(10,2), items jsonb, tags text[], "
                + "note text, placed timestamp)",
    };

    final TestDatabase db;
    final UnifiedJedis redis;
    final String prefix;
    final Path config;
    final Collection<TableMapping> mappings;

    private Shop(TestDatabase db, UnifiedJedis redis, String prefix, Path config, Collection<TableMapping> mappings) {
        this.db = db;
        this.redis = redis;
        this.prefix = prefix;
        this.config = config;
        this.mappings = mappings;
    }

    static Shop create(TestDatabase db, TestRedis redis) {
        return create(db, redis.url(), redis.client(), redis.prefix());
    }

    static Shop create(TestDatabase db, String redisUrl, UnifiedJedis redis, String prefix) {
        return createWith(db, "redis.url=" + redisUrl, redis, prefix);
    }

    /** With the Redis settings given as a line of the mapping file ({@code redis.cluster.nodes=...}, say). */
    static Shop createWith(TestDatabase db, String redisSettings, UnifiedJedis redis, String prefix) {
        db.execute(DDL);
        String text = String.join("\n",
                redisSettings,
                // Sweeps belong to the applications: the tool's own context sweeps only when asked (recover).
                "recovery.interval.ms=0",
                "table.users.key=" + prefix + "user:{id}",
                "table.orders.key=" + prefix + "order:{id}",
                "table.orders.format=json",
                "");
        try {
            Path file = Files.createTempFile("writethrough-cli-", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Properties properties = new Properties();
            properties.load(new StringReader(text));
            return new Shop(db, redis, prefix, file, MappingConfig.parse(properties, file.toString()).tables());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection through the driver, with this mapping. */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", config.toString());
        return DriverManager.getConnection(db.writeThroughUrl(), properties);
    }

    /** Inserts {@code count} users and orders from {@code first} on, with plain SQL on {@code connection}. */
    static void fill(Connection connection, int first, int count) throws SQLException {
        try (var st = connection.createStatement()) {
            int last = first + count - 1;
            st.executeUpdate("INSERT INTO users (id, name, email, score, active, born, seen, avatar) "
                    + "SELECT g, 'user ' || g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'u' || g || '@example.com' END, "
                    + "g / 7.0, g % 2 = 0, DATE '2000-01-01' + g, TIMESTAMPTZ '2026-01-01 10:00:00.5+02' + g * INTERVAL '1 minute', "
                    + "CASE WHEN g % 3 = 0 THEN decode('deadbeef', 'hex') END FROM generate_series(" + first + ", " + last + ") g");
            st.executeUpdate("INSERT INTO orders (id, user_id, total, items, tags, note, placed) "
                    + "SELECT g, g, g * 1.25, jsonb_build_object('sku', 'a' || g, 'qty', g % 4), ARRAY['x', 'y' || g], "
                    + "CASE WHEN g % 4 = 0 THEN NULL ELSE 'note \"' || g || '\"' END, TIMESTAMP '2026-02-03 04:05:06' + g * INTERVAL '1 hour' "
                    + "FROM generate_series(" + first + ", " + last + ") g");
        }
    }

    /** Every key of this shop's tables in Redis. */
    List<String> keys() {
        return new ArrayList<>(io.writethrough.testing.TestRedis.keysStartingWith(redis, prefix));
    }

    void deleteAllEntries() {
        for (String key : keys()) {
            redis.del(key);
        }
    }

    /** The independent oracle: every row has its exact entry and no entry lacks a row. */
    void assertConsistent() throws SQLException {
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis, mappings);
        }
    }

    String[] args(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--jdbc-url", db.jdbcUrl(), "--config", config.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
