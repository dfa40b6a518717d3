package io.writethrough.benchmarks;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.PostgresService;
import io.writethrough.testing.ServiceResolver;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One benchmark's own world: a fresh schema ({@link TestDatabase}) holding the mapped table {@code items} and the
 * unmapped table {@code audit_log}, a fresh key prefix ({@link TestRedis}), and a mapping file that maps
 * {@code items} to {@code <prefix>item:{id}} hashes. {@link #close()} drops the schema, deletes the keys and the file.
 */
public final class ItemsSchema implements AutoCloseable {

    /**
     * System property holding a {@code jdbc:postgresql:} URL for the benchmark JVMs. {@link BenchmarkCommand} sets it
     * for JMH's forks when {@value ServiceResolver#JDBC_URL_VARIABLE} is not set, so that every fork uses the one
     * embedded PostgreSQL the command started instead of starting its own (3-4 s each). Outside the
     * {@code writethrough.} namespace: the driver reads system properties there as its own settings and refuses
     * unknown ones.
     */
    public static final String JDBC_URL_PROPERTY = "benchmarks.jdbcUrl";

    /**
     * System property: {@code true} keeps PostgreSQL's {@code synchronous_commit=on} for the benchmark sessions. By
     * default they run with it off, so that every commit does not wait for this machine's disk flush (milliseconds on
     * a shared VM, and the same for every arm): the figures then show what the arms themselves cost.
     */
    public static final String DURABLE_COMMIT_PROPERTY = "benchmarks.durableCommit";

    /** Rows (and Redis entries) present before a benchmark that updates or reads by key starts. */
    public static final int SEEDED_ROWS = 10_000;

    private static final String[] DDL = {
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, "
                + "qty integer NOT NULL, note text)",
        "CREATE TABLE audit_log (id bigserial PRIMARY KEY, item_id bigint NOT NULL, message text NOT NULL)",
    };

    private final TestDatabase db;
    private final TestRedis redis;
    private final Path mappingFile;
    private final MappingConfig mapping;

    private ItemsSchema(TestDatabase db, TestRedis redis, Path mappingFile, MappingConfig mapping) {
        this.db = db;
        this.redis = redis;
        this.mappingFile = mappingFile;
        this.mapping = mapping;
    }

    /** Creates the schema, its tables, the key prefix and the mapping file. */
    public static ItemsSchema create() {
        TestDatabase db = TestDatabase.create(postgres());
        TestRedis redis = TestRedis.create();
        try {
            db.execute(DDL);
            String text = "redis.url=" + redis.url() + "\n" + "table.items.key=" + redis.prefix() + "item:{id}\n";
            Path file = Files.createTempFile("writethrough-bench-", ".properties");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Properties properties = new Properties();
            properties.load(new StringReader(text));
            return new ItemsSchema(db, redis, file, MappingConfig.parse(properties, file.toString()));
        } catch (IOException | RuntimeException e) {
            db.close();
            redis.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    static PostgresService postgres() {
        String url = System.getProperty(JDBC_URL_PROPERTY);
        return url == null || url.isBlank() ? ServiceResolver.postgres() : PostgresService.external(url);
    }

    /**
     * A new connection for {@code arm}: raw pgjdbc for {@link Arm#RAW} and the hand-written arms, raw pgjdbc with
     * {@code reWriteBatchedInserts=true} for {@link Arm#RAW_REWRITE}, the driver for {@link Arm#DRIVER} (with
     * {@code reWriteBatchedInserts=true} for {@link Arm#DRIVER_REWRITE}, {@code redis.pipeline=transaction} for
     * {@link Arm#DRIVER_PIPELINED}). Every
     * connection starts in autocommit mode, with {@code synchronous_commit=off} unless {@value #DURABLE_COMMIT_PROPERTY}
     * is set; the caller closes it.
     */
    public Connection connect(Arm arm) throws SQLException {
        return DriverManager.getConnection(url(arm), properties(arm));
    }

    /** The JDBC URL {@link #connect(Arm)} uses for {@code arm}. Carries credentials: never log it. */
    public String url(Arm arm) {
        return isDriver(arm) ? db.writeThroughUrl() : db.jdbcUrl();
    }

    private static boolean isDriver(Arm arm) {
        return arm == Arm.DRIVER || arm == Arm.DRIVER_REWRITE || arm == Arm.DRIVER_PIPELINED;
    }

    /** The connection properties {@link #connect(Arm)} passes for {@code arm}. */
    public Properties properties(Arm arm) {
        Properties properties = new Properties();
        if (!Boolean.getBoolean(DURABLE_COMMIT_PROPERTY)) {
            properties.setProperty("options", "-c synchronous_commit=off");
        }
        if (isDriver(arm)) {
            properties.setProperty("writethrough.config", mappingFile.toString());
        }
        if (arm == Arm.DRIVER_PIPELINED) {
            properties.setProperty("writethrough.redis.pipeline", "transaction");
        }
        if (arm == Arm.RAW_REWRITE || arm == Arm.DRIVER_REWRITE) {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
        return properties;
    }

    /** The Redis URL the mapping file names (the shared test Redis). Carries credentials when it needs them. */
    public String redisUrl() {
        return redis.url();
    }

    /** The mapping the driver arm reads from the mapping file. */
    public MappingConfig mapping() {
        return mapping;
    }

    /** The key prefix of this benchmark's entries. */
    public String keyPrefix() {
        return redis.prefix();
    }

    /**
     * Fills {@code items} with rows 1..{@code rows} and gives each its Redis entry, exactly as the driver would have
     * written it, so that updates replace existing entries (the common case of a warm cache).
     */
    public void seed(int rows) throws SQLException {
        db.execute("INSERT INTO items SELECT g, 'item ' || g, (g % 1000) + 0.99, g % 100, NULL "
                + "FROM generate_series(1, " + rows + ") g", "ANALYZE items");
        try (HandWrittenWriteThrough cache = HandWrittenWriteThrough.connect(redisUrl(), keyPrefix());
             Connection c = connect(Arm.RAW);
             Statement st = c.createStatement();
             ResultSet all = st.executeQuery("SELECT * FROM items ORDER BY id")) {
            cache.put(all);
        }
    }

    /** Runs each statement in order on a fresh autocommit connection (more tables, functions, triggers). */
    public void execute(String... sql) {
        db.execute(sql);
    }

    /** Empties both tables and deletes every key of this benchmark's prefix; the tables stay. */
    public void clear() {
        db.execute("TRUNCATE items, audit_log");
        List<String> keys = new ArrayList<>(redis.keys());
        for (int from = 0; from < keys.size(); from += 1000) {
            redis.client().unlink(keys.subList(from, Math.min(keys.size(), from + 1000)).toArray(String[]::new));
        }
    }

    /** Drops the schema, deletes the keys and the mapping file. */
    @Override
    public void close() {
        try {
            db.close();
        } finally {
            redis.close();
            try {
                Files.deleteIfExists(mappingFile);
            } catch (IOException e) {
                // A leftover temporary file is harmless; the schema and keys are gone.
            }
        }
    }
}
