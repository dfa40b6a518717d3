package io.writethrough.examples;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.TableMapping;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The examples' own classpath {@code writethrough.properties}, copied for one test (with any settings of its own):
 * every key template under the test's Redis prefix, {@code redis.url} the test's Redis. Tests hand it to the driver
 * with {@code writethrough.config} (which wins over the classpath file), so they exercise the mapping users read
 * without seeing each other's keys.
 */
final class ExampleMapping {

    private final TestDatabase db;
    private final TestRedis redis;
    private final Path file;
    private final MappingConfig config;

    private ExampleMapping(TestDatabase db, TestRedis redis, Path file, MappingConfig config) {
        this.db = db;
        this.redis = redis;
        this.file = file;
        this.config = config;
    }

    /**
     * @param extraLines settings added to the examples' own, in the file's syntax ({@code table.articles.key=article:{code}}),
     *     for a test's own tables
     */
    static ExampleMapping of(TestDatabase db, TestRedis redis, String... extraLines) {
        Properties mapping = new Properties();
        try (InputStream in = ExampleMapping.class.getClassLoader().getResourceAsStream("writethrough.properties")) {
            mapping.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            mapping.load(new StringReader(String.join("\n", extraLines)));
            for (String name : mapping.stringPropertyNames()) {
                if (name.startsWith("table.") && name.endsWith(".key")) {
                    mapping.setProperty(name, redis.prefix() + mapping.getProperty(name));
                }
            }
            mapping.setProperty("redis.url", redis.url());
            Path file = Files.createTempFile("writethrough-example-", ".properties");
            file.toFile().deleteOnExit();
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                mapping.store(out, "writethrough.properties of the examples, keys under " + redis.prefix());
            }
            return new ExampleMapping(db, redis, file, MappingConfig.parse(mapping, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test schema's {@code jdbc:writethrough:} URL, naming this mapping file in {@code writethrough.config}. */
    String url() {
        return db.writeThroughUrl() + "&writethrough.config=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
    }

    /** The Redis key for a key suffix as the examples' mapping spells it, e.g. {@code customer:1}. */
    String key(String suffix) {
        return redis.key(suffix);
    }

    /** Every row of the named tables has its exact entry in Redis, and no entry lacks a row. */
    void assertRedisMatchesDatabase(String... tables) throws SQLException {
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), mappings(tables));
        }
    }

    /** Every entry of the named tables in Redis equals its row, and no entry lacks a row; entries may be absent. */
    void assertNoStaleEntries(String... tables) throws SQLException {
        try (Connection raw = db.connect()) {
            CacheAssertions.assertNoStaleEntries(raw, redis.client(), mappings(tables));
        }
    }

    private List<TableMapping> mappings(String... tables) {
        List<String> names = Arrays.asList(tables);
        List<TableMapping> mappings = config.tables().stream().filter(m -> names.contains(m.table().name())).toList();
        if (mappings.size() != tables.length) {
            throw new IllegalArgumentException("the test's writethrough.properties maps " + config.tableNames()
                    + "; expected it to map all of " + names);
        }
        return mappings;
    }
}
