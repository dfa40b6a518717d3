package io.writethrough.jdbc;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A test's schema and Redis prefix with a mapping file for them: {@code {p}} in the mapping lines stands
 * for the test's key prefix, so tests never see each other's keys.
 */
public final class MappedSchema {

    final TestDatabase db;
    final TestRedis redis;
    final Path configFile;
    final MappingConfig config;

    private MappedSchema(TestDatabase db, TestRedis redis, Path configFile, MappingConfig config) {
        this.db = db;
        this.redis = redis;
        this.configFile = configFile;
        this.config = config;
    }

    public static MappedSchema of(TestDatabase db, TestRedis redis, String... mappingLines) {
        StringBuilder text = new StringBuilder("redis.url=").append(redis.url()).append('\n');
        for (String line : mappingLines) {
            text.append(line.replace("{p}", redis.prefix())).append('\n');
        }
        try {
            Path file = Files.createTempFile("writethrough-", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Properties properties = new Properties();
            properties.load(new StringReader(text.toString()));
            return new MappedSchema(db, redis, file, MappingConfig.parse(properties, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection through the driver. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.writeThroughUrl(), properties());
    }

    /** A connection through the driver with one setting overridden ({@code on.unseen.write}, without the prefix). */
    public Connection connect(String setting, String value) throws SQLException {
        Properties properties = properties();
        properties.setProperty("writethrough." + setting, value);
        return DriverManager.getConnection(db.writeThroughUrl(), properties);
    }

    /** Connection properties naming the mapping file. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", configFile.toString());
        return properties;
    }

    /** A raw pgjdbc connection (writes through it bypass the driver). */
    public Connection raw() throws SQLException {
        return db.connect();
    }

    /** The {@code balance} of row {@code id} of an {@code accounts} table, read past the driver; -1 when there is none. */
    public int balance(int id) throws SQLException {
        try (Connection raw = raw(); java.sql.Statement st = raw.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT balance FROM accounts WHERE id = " + id)) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    /** The test's Redis, to inspect it directly. */
    public redis.clients.jedis.UnifiedJedis redisClient() {
        return redis.client();
    }

    public String key(String suffix) {
        return redis.prefix() + suffix;
    }

    public Map<String, String> hash(String suffix) {
        return redis.client().hgetAll(key(suffix));
    }

    public String string(String suffix) {
        return redis.client().get(key(suffix));
    }

    public boolean exists(String suffix) {
        return redis.client().exists(key(suffix));
    }

    /** Every row has its exact entry and no entry lacks a row. */
    public void assertConsistent() throws SQLException {
        try (Connection raw = raw()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), config.tables());
        }
    }

    /** Every difference between Redis and the database (absent entries included); empty when they match. */
    public List<CacheDifference> differences() throws SQLException {
        try (Connection raw = raw()) {
            return CacheAssertions.differences(raw, redis.client(), config.tables());
        }
    }

    void execute(String... sql) {
        db.execute(sql);
    }
}
