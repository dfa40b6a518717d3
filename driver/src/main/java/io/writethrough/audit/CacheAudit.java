package io.writethrough.audit;

import io.writethrough.dialect.Dialect;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.Setting;
import io.writethrough.mapping.TableMapping;
import io.writethrough.recovery.Recovery;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.redis.RedisWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warms, verifies and repairs the Redis entries of a configuration's mapped tables against the database: the engine of
 * the {@code writethrough-cli} tool. Open one with {@code WriteThroughDriver.audit(url, properties)} (the same
 * configuration lookup as a connection) and close it when done.
 *
 * <ul>
 *   <li>{@link #warm}: writes every row's entry, encoded by the driver's own encoder.</li>
 *   <li>{@link #verify}: compares every row with its entry and every entry in the table's key space with its row.</li>
 *   <li>{@link #repair}: writes what {@code verify} finds missing or stale, deletes what it finds orphaned.</li>
 * </ul>
 *
 * <p>Memory is bounded by {@link AuditOptions#batchSize()} at any table size: rows come by pages of the key's unique
 * index (through a cursor where the table has none), keys through {@code SCAN}, and each is compared a chunk at a
 * time. It is safe while applications write through the driver: an entry is written only under its row's share lock
 * and only where no ownership mark stands (no transaction owns the key), and a difference is counted only once a
 * second look under the row's lock still finds it. Writes that bypass the driver are not seen, as ever. Not
 * thread-safe: one audit at a time.
 */
public final class CacheAudit implements AutoCloseable {

    private final RedisWriter redis;
    private final Dialect dialect;
    private final MappingConfig config;
    private final String database;
    private final Recovery.ConnectionSource connections;
    private final Runnable onClose;
    private boolean closed;

    /**
     * For {@code WriteThroughDriver.audit}, which holds the configuration's context for it.
     *
     * @param database    the database as the driver names it (without credentials), for the dialect's caches
     * @param connections opens connections to the real database
     * @param onClose     run once by {@link #close()}: lets go of the context
     */
    public CacheAudit(RedisWriter redis, Dialect dialect, MappingConfig config, String database,
            Recovery.ConnectionSource connections, Runnable onClose) {
        this.redis = redis;
        this.dialect = dialect;
        this.config = config;
        this.database = database;
        this.connections = connections;
        this.onClose = onClose;
    }

    /** The mapped tables, as the mapping names them ({@code users}, {@code sales.orders}), sorted. */
    public List<String> tables() {
        List<String> names = new ArrayList<>();
        for (TableMapping mapping : config.tables()) {
            names.add(mapping.table().toString());
        }
        return names;
    }

    /** The Redis this configuration writes to, password masked. */
    public String redis() {
        return Setting.REDIS_URL.display(config.redisUrl());
    }

    /** Writes every row's entry, where no transaction owns the key. {@code listener} may be null. */
    public AuditReport warm(AuditOptions options, AuditListener listener) throws SQLException {
        return run(AuditRun.Mode.WARM, options, listener);
    }

    /** Compares every row with its entry and every entry of the tables' key spaces with its row; changes nothing. */
    public AuditReport verify(AuditOptions options, AuditListener listener) throws SQLException {
        return run(AuditRun.Mode.VERIFY, options, listener);
    }

    /**
     * Verifies, and fixes each difference as it is confirmed: a missing or stale entry is written from its row, an
     * orphan deleted, each only where no transaction owns the key. With {@code dryRun}, reports what it would do and
     * changes nothing.
     */
    public AuditReport repair(AuditOptions options, boolean dryRun, AuditListener listener) throws SQLException {
        return run(dryRun ? AuditRun.Mode.DRY_RUN : AuditRun.Mode.REPAIR, options, listener);
    }

    private AuditReport run(AuditRun.Mode mode, AuditOptions options, AuditListener listener) throws SQLException {
        if (closed) {
            throw new SQLException("writethrough: this audit is closed", "08003");
        }
        List<TableMapping> mappings = select(options.tables());
        try {
            // Fails at once, with the Redis named, when Redis cannot be reached.
            redis.reader().scan("0", "writethrough:audit:probe", 1);
            try (Connection read = open(); Connection lock = open(); Connection second = open()) {
                read.setAutoCommit(false);
                lock.setAutoCommit(false);
                second.setAutoCommit(false);
                AuditRun run = new AuditRun(mode, redis, dialect, database, read, lock, second, options,
                        listener == null ? AuditListener.NONE : listener);
                try {
                    Map<String, AuditReport.Counts> counts = new LinkedHashMap<>();
                    AuditReport.Counts total = AuditReport.Counts.ZERO;
                    for (TableMapping mapping : mappings) {
                        Tally tally = new Tally();
                        try {
                            new RowPass(run, mapping, tally).run();
                            if (mode != AuditRun.Mode.WARM) {
                                new KeyPass(run, mapping, tally).run();
                            }
                        } catch (SQLException e) {
                            throw new SQLException("writethrough: table " + mapping.table() + ": " + firstLine(e.getMessage()),
                                    e.getSQLState(), e);
                        }
                        counts.put(mapping.table().toString(), tally.counts());
                        total = total.plus(tally.counts());
                    }
                    return new AuditReport(counts, total, run.shown());
                } finally {
                    run.close();
                }
            }
        } catch (RedisWriteException e) {
            throw new SQLException("writethrough: Redis at " + redis() + " failed: " + e.getMessage()
                    .replace("Redis write-through failed for ", ""), "08006", e);
        }
    }

    private List<TableMapping> select(List<String> names) throws SQLException {
        if (names.isEmpty()) {
            return config.tables();
        }
        List<TableMapping> selected = new ArrayList<>();
        for (String name : names) {
            TableMapping found = null;
            for (TableMapping mapping : config.tables()) {
                if (mapping.table().toString().equals(name)) {
                    found = mapping;
                }
            }
            if (found == null) {
                throw new SQLException("writethrough: table '" + name + "' is not mapped in " + config.source()
                        + "; mapped tables: " + String.join(", ", tables()), "42P01");
            }
            if (!selected.contains(found)) {
                selected.add(found);
            }
        }
        return selected;
    }

    private Connection open() throws SQLException {
        Connection real = connections.open();
        try {
            real.setClientInfo("ApplicationName", "writethrough-audit");
        } catch (SQLException e) {
            // Only a label for pg_stat_activity.
        }
        return real;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        // The table is named once, in front: what failed inside need not say whose message it is again.
        return (end < 0 ? message : message.substring(0, end)).replaceFirst("^writethrough: ", "");
    }

    /** Lets go of the configuration's context (its Redis pool closes when no connection holds it either). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
