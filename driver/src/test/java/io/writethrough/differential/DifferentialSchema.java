package io.writethrough.differential;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import io.writethrough.mapping.TableMapping;
import io.writethrough.recovery.SweepResult;
import io.writethrough.redis.KeyLayout;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.Poll;
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
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/**
 * The differential workload's tables in a test schema, their mapping file and the oracle check.
 *
 * <ul>
 *   <li>{@code accounts}: int key, hash of all columns, defaults, a BEFORE trigger (owner, version, touched_at) and
 *       an AFTER trigger writing the unmapped {@code audit}; upserts and key moves into free space.</li>
 *   <li>{@code order_lines}: composite key with a DEFERRABLE primary key (moves within one statement are legal),
 *       json of some columns, a CHECK.</li>
 *   <li>{@code tags}: text key drawn from hostile names (delimiters, braces, %, newlines), json of all columns,
 *       jsonb, arrays and dates.</li>
 *   <li>{@code sessions}: bigserial key (generated keys), hash of some columns, uuid and bytea defaults, a TTL.</li>
 *   <li>{@code audit}: not mapped.</li>
 * </ul>
 */
public final class DifferentialSchema {

    static final String[] DDL = {
        "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL DEFAULT 0, owner text, "
                + "version int NOT NULL DEFAULT 1, touched_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE order_lines (order_id int NOT NULL, line_no int NOT NULL, sku text NOT NULL, "
                + "qty int NOT NULL DEFAULT 1 CHECK (qty > 0), price numeric(10,2), note text, "
                + "PRIMARY KEY (order_id, line_no) DEFERRABLE INITIALLY IMMEDIATE)",
        "CREATE TABLE tags (name text PRIMARY KEY, hits bigint NOT NULL DEFAULT 0, flags boolean[], meta jsonb, "
                + "seen date DEFAULT DATE '2026-01-01')",
        "CREATE TABLE sessions (id bigserial PRIMARY KEY, account_id int, token uuid NOT NULL DEFAULT gen_random_uuid(), "
                + "data bytea, score double precision, secret text)",
        "CREATE TABLE audit (id bigserial PRIMARY KEY, what text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())",
        "CREATE FUNCTION accounts_before() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF TG_OP = 'INSERT' THEN NEW.owner := coalesce(NEW.owner, 'owner-' || NEW.id); "
                + "ELSE NEW.version := OLD.version + 1; END IF; "
                + "NEW.touched_at := clock_timestamp(); RETURN NEW; END $$",
        "CREATE TRIGGER accounts_before BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_before()",
        "CREATE FUNCTION accounts_after() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO audit (what) VALUES (TG_OP || ' account'); RETURN NULL; END $$",
        "CREATE TRIGGER accounts_after AFTER INSERT OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_after()",
    };

    final TestDatabase db;
    final UnifiedJedis redis;
    public final String prefix;
    final Path configFile;
    final MappingConfig config;
    private final String applicationName;
    /**
     * Every second connection asks pgjdbc for {@code reWriteBatchedInserts=true}, so that the workload's batched
     * upserts also run as the driver's multi-row rewrite; {@code -Ddifferential.rewrite=all} or {@code off} changes that.
     */
    private final String rewrite = System.getProperty("differential.rewrite", "half");
    /**
     * Every other pair of connections sets {@code redis.pipeline=statement}, so that the workload runs with both ways of
     * waiting for Redis at once; {@code -Ddifferential.pipeline=transaction} or {@code statement} changes that.
     */
    private final String pipeline = System.getProperty("differential.pipeline", "half");
    private final AtomicInteger connections = new AtomicInteger();
    /** Connections alternate rewrite and pipeline settings, so they come in four configurations. */
    private static final int CONNECTION_KINDS = 4;

    private DifferentialSchema(TestDatabase db, UnifiedJedis redis, String prefix, Path configFile, MappingConfig config) {
        this.db = db;
        this.redis = redis;
        this.prefix = prefix;
        this.configFile = configFile;
        this.config = config;
        this.applicationName = "wt-" + db.schema();
    }

    /**
     * Creates the tables in {@code db} and writes a mapping file whose keys start with {@code prefix}.
     *
     * @param redisUrl where the driver writes (the shared Redis, a private one or a proxy in front of it)
     * @param redis    a client of that same Redis, for the oracle
     */
    public static DifferentialSchema create(TestDatabase db, String redisUrl, UnifiedJedis redis, String prefix) {
        return create(db, List.of("redis.url=" + redisUrl), redis, prefix);
    }

    /**
     * As {@link #create(TestDatabase, String, UnifiedJedis, String)}, with the Redis settings given as lines of the
     * mapping file ({@code redis.cluster.nodes=...}, say).
     */
    public static DifferentialSchema create(TestDatabase db, List<String> redisSettings, UnifiedJedis redis,
            String prefix) {
        db.execute(DDL);
        String text = String.join("\n",
                String.join("\n", redisSettings),
                "table.accounts.key=" + prefix + "acc:{id}",
                "table.order_lines.key=" + prefix + "ol:{order_id}/{line_no}",
                "table.order_lines.format=json",
                "table.order_lines.columns=sku,qty,price,note",
                "table.tags.key=" + prefix + "tag:{name}",
                "table.tags.format=json",
                "table.sessions.key=" + prefix + "s:{id}",
                "table.sessions.columns=account_id,token,data,score",
                "table.sessions.ttl=86400",
                "");
        try {
            Path file = Files.createTempFile("writethrough-differential-", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Properties properties = new Properties();
            properties.load(new StringReader(text));
            return new DifferentialSchema(db, redis, prefix, file, MappingConfig.parse(properties, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Connection properties: the mapping file, an application name that identifies this test's sessions in
     * {@code pg_stat_activity}, and a short deadlock timeout so that the workload's deadlocks cost milliseconds.
     */
    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("writethrough.config", configFile.toString());
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("options", "-c deadlock_timeout=25ms -c statement_timeout=60s");
        return p;
    }

    /**
     * After faults: one write through the driver on a fresh connection (a pooled Redis connection a fault broke fails
     * once; the undos still waiting for Redis run first), then what the recovery timer would do, so every mark left is
     * resolved.
     */
    public void settle() throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tags (name) VALUES ('settle') ON CONFLICT (name) DO UPDATE SET hits = tags.hits + 1");
                // A refill Redis refused (a failover: no replica acknowledged it yet) stays pending and is retried
                // shortly; until then its key is a miss. Settled means none is pending, in the recovery of each
                // configuration the workload used (held open by holdConfigurations()).
                for (int kind = 0; kind < CONNECTION_KINDS; kind++) {
                    Properties p = connectionProperties(kind);
                    Poll.until("the recovery to have no refill pending", Duration.ofSeconds(30), () -> {
                        try {
                            SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), p);
                            return result.pending() == 0 ? null : result.toString();
                        } catch (SQLException e) {
                            return e.getMessage();
                        }
                    });
                }
                return;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last;
    }

    public String applicationName() {
        return applicationName;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.writeThroughUrl(), connectionProperties(connections.getAndIncrement()));
    }

    /**
     * Holds one connection of each configuration {@link #connect()} hands out until closed. A configuration's context
     * lives while a connection holds it, and its recovery with it: {@link #settle()} asks each one whether refills
     * are still pending, which only the recovery that was asked for them knows.
     */
    public AutoCloseable holdConfigurations() throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int kind = 0; kind < CONNECTION_KINDS; kind++) {
            held.add(DriverManager.getConnection(db.writeThroughUrl(), connectionProperties(kind)));
        }
        return () -> {
            for (Connection c : held) {
                c.close();
            }
        };
    }

    /** The properties of the workload's {@code n}-th connection: every {@value #CONNECTION_KINDS} repeat. */
    private Properties connectionProperties(int n) {
        Properties p = properties();
        boolean rewriting = switch (rewrite) {
            case "all" -> true;
            case "off" -> false;
            default -> n % 2 == 1;
        };
        if (rewriting) {
            p.setProperty("reWriteBatchedInserts", "true");
        }
        String waiting = "half".equals(pipeline) ? (n / 2 % 2 == 1 ? "statement" : "transaction") : pipeline;
        p.setProperty(Setting.REDIS_PIPELINE.propertyName(), waiting);
        return p;
    }

    Connection connect(Properties extra) throws SQLException {
        Properties p = properties();
        p.putAll(extra);
        return DriverManager.getConnection(db.writeThroughUrl(), p);
    }

    Collection<TableMapping> mappings() {
        return config.tables();
    }

    public List<CacheDifference> differences(MissingKeyPolicy missing) throws SQLException {
        return differences(missing, redis);
    }

    /**
     * As {@link #differences(MissingKeyPolicy)}, read through {@code oracle}: a client that knows the topology of now
     * (after a failover, the one given at creation may still read a demoted primary).
     */
    public List<CacheDifference> differences(MissingKeyPolicy missing, UnifiedJedis oracle) throws SQLException {
        try (Connection raw = db.connect()) {
            return CacheAssertions.differences(raw, oracle, mappings(), missing);
        }
    }

    /** Ownership marks of this schema's keys still in Redis: after every transaction ended there must be none. */
    public Set<String> leftoverMarks() {
        return leftoverMarks(redis);
    }

    /** As {@link #leftoverMarks()}, read through {@code oracle}. */
    public Set<String> leftoverMarks(UnifiedJedis oracle) {
        if (oracle instanceof JedisCluster) {
            // A cluster's marks carry a hash tag before the key: find them all, keep this schema's.
            Set<String> marks = new TreeSet<>();
            for (String mark : scan(oracle, OwnershipProtocol.MARK_PREFIX)) {
                if (KeyLayout.CLUSTER.keyOfMark(mark).startsWith(prefix)) {
                    marks.add(mark);
                }
            }
            return marks;
        }
        return scan(oracle, OwnershipProtocol.markKey(prefix));
    }

    Set<String> scan(String keyPrefix) {
        return scan(redis, keyPrefix);
    }

    private static Set<String> scan(UnifiedJedis client, String keyPrefix) {
        return new TreeSet<>(TestRedis.keysStartingWith(client, keyPrefix));
    }

    /**
     * A failure message for the first difference: the key, what Redis holds there and what the database holds for
     * the row, so a reader sees both sides without rerunning.
     */
    public String explain(CacheDifference first) {
        StringBuilder out = new StringBuilder("first differing key: ").append(first.key()).append('\n');
        out.append("  difference: ").append(first.describe()).append('\n');
        out.append("  redis:      ").append(redisSide(first.key())).append('\n');
        out.append("  database:   ").append(databaseSide(first)).append('\n');
        return out.toString();
    }

    private String redisSide(String key) {
        String type = redis.type(key);
        return switch (type) {
            case "hash" -> "hash " + new java.util.TreeMap<>(redis.hgetAll(key));
            case "string" -> "string " + redis.get(key);
            case "none" -> "(absent)";
            default -> type;
        };
    }

    private String databaseSide(CacheDifference difference) {
        if (difference.row() == null) {
            return "(no row renders this key)";
        }
        // row() is "col=text, col=text": enough to find the row again by its key columns' text.
        List<String> conditions = new ArrayList<>();
        for (String column : difference.mapping().key().columns()) {
            String marker = column + "=";
            int at = difference.row().indexOf(marker);
            if (at < 0) {
                return "row " + difference.row();
            }
            int end = difference.row().indexOf(", ", at);
            String value = difference.row().substring(at + marker.length(), end < 0 ? difference.row().length() : end);
            conditions.add(column + "::text = '" + value.replace("'", "''") + "'");
        }
        String sql = "SELECT * FROM " + difference.mapping().table().name() + " WHERE " + String.join(" AND ", conditions);
        try (Connection raw = db.connect(); Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows.isEmpty() ? "(no row " + difference.row() + ")" : String.join("; ", rows);
        } catch (SQLException e) {
            return "row " + difference.row() + " (could not read it: " + e.getMessage() + ")";
        }
    }
}
