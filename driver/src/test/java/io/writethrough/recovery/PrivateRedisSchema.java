package io.writethrough.recovery;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import redis.clients.jedis.UnifiedJedis;

/**
 * A test schema whose mapping writes to a Redis server of the test's own ({@link PrivateRedisServer}), under a key
 * prefix: no driver instance of another test run sees its marks, so no other sweep can act on them. For recovery tests
 * whose outcome depends on which sweep ran.
 */
final class PrivateRedisSchema {

    final TestDatabase db;
    final UnifiedJedis redis;
    final String prefix;
    private final Path configFile;
    private final MappingConfig config;

    private PrivateRedisSchema(TestDatabase db, UnifiedJedis redis, String prefix, Path configFile, MappingConfig config) {
        this.db = db;
        this.redis = redis;
        this.prefix = prefix;
        this.configFile = configFile;
        this.config = config;
    }

    /** {@code {p}} in the mapping lines stands for {@code prefix}. */
    static PrivateRedisSchema of(TestDatabase db, PrivateRedisServer server, UnifiedJedis redis, String prefix,
            String... mappingLines) throws IOException {
        StringBuilder text = new StringBuilder("redis.url=").append(server.url()).append('\n');
        for (String line : mappingLines) {
            text.append(line.replace("{p}", prefix)).append('\n');
        }
        Path file = Files.createTempFile("writethrough-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Properties properties = new Properties();
        properties.load(new StringReader(text.toString()));
        return new PrivateRedisSchema(db, redis, prefix, file, MappingConfig.parse(properties, file.toString()));
    }

    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", configFile.toString());
        return properties;
    }

    MappingConfig config() {
        return config;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(db.writeThroughUrl(), properties());
    }

    String key(String suffix) {
        return prefix + suffix;
    }

    Map<String, String> hash(String suffix) {
        return redis.hgetAll(key(suffix));
    }

    long marks() {
        return TestRedis.keysStartingWith(redis, OwnershipProtocol.markKey(prefix)).size();
    }

    void assertConsistent() throws SQLException {
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis, config.tables());
        }
    }

    /**
     * Leaves an aborted transaction's mark on the entry of {@code users} row {@code id}, one that took over from an
     * owner nobody can judge ({@code ?}), while the row was committed with another value ({@code 'committed
     * meanwhile'}): the value before cannot be decided, the database must refill it.
     */
    void undecidableOrphan(int id) throws SQLException {
        String abortedXid = endedTransaction(false);
        db.execute("UPDATE users SET name = 'committed meanwhile' WHERE id = " + id);
        String key = key("user:" + id);
        redis.hset(key, Map.of("id", Integer.toString(id), "name", "dead value"));
        redis.hset(OwnershipProtocol.markKey(key), Map.of(
                MarkField.OWNER_TX.field(), "deadbeef:" + id, MarkField.OWNER_XID.field(), abortedXid,
                MarkField.DATABASE.field(), databaseId(), MarkField.EARLIER_XID.field(), "?",
                MarkField.EARLIER_BEFORE_ABSENT.field(), "1"));
    }

    /**
     * Leaves on the entry of {@code users} row {@code id} the mark of a transaction that ended without the driver —
     * committed, or aborted with the entry absent before it (its row, too) — as a crash between its Redis write and
     * its end would.
     */
    void orphan(int id, boolean committed) throws SQLException {
        redis.hset(OwnershipProtocol.markKey(key("user:" + id)), Map.of(MarkField.OWNER_TX.field(), "deadbeef:" + id,
                MarkField.OWNER_XID.field(), endedTransaction(committed), MarkField.DATABASE.field(), databaseId()));
    }

    /** The id of a transaction that has just committed, or rolled back. */
    private String endedTransaction(boolean commit) throws SQLException {
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            raw.setAutoCommit(false);
            String xid = single(st, "SELECT txid_current()::text");
            if (commit) {
                raw.commit();
            } else {
                raw.rollback();
            }
            return xid;
        }
    }

    private String databaseId() throws SQLException {
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            return single(st, "SELECT system_identifier::text FROM pg_control_system()");
        }
    }

    /** Ends the connection's session from outside, as a dead client's would end: the driver runs no undo. */
    void terminate(Connection abandoned) throws Exception {
        String pid;
        try (Statement st = abandoned.createStatement()) {
            pid = single(st, "SELECT pg_backend_pid()::text");
        }
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!single(st, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid).equals("0")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("backend " + pid + " still there 10 s after pg_terminate_backend");
                }
                Thread.sleep(10); // polling pg_stat_activity, bounded
            }
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
