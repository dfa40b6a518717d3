package io.writethrough.write;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.RedisReader;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.NotMapped;
import io.writethrough.sql.TableReshape;
import io.writethrough.sql.WriteCues;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, per connection, the rows of mapped tables a statement wrote without returning them: a function or procedure,
 * a trigger, a foreign-key action the driver does not write through. Only statements whose {@link WriteCues} the
 * database's {@link WriteReach} knows are watched: the mapped tables' row counters ({@code pg_stat_xact_user_tables})
 * are read before and after the statement, in its transaction, and their growth is compared with the rows the
 * driver wrote through meanwhile ({@link #saw}). Every other statement costs one look-up of the cached reach.
 *
 * <p>What was not seen is handled by {@code on.unseen.write}: {@link Policy#FAIL} dooms the transaction and throws
 * (SQLState {@value SqlStates#UNSUPPORTED}); {@link Policy#INVALIDATE} deletes every entry of the tables written
 * unseen, in the transaction (a rollback puts them back; a commit leaves cache misses, never a stale value);
 * {@link Policy#IGNORE} logs a warning once per table and configuration.
 */
public final class UnseenWrites {

    private static final Logger LOG = LoggerFactory.getLogger(UnseenWrites.class);
    /** Entries deleted per Redis call when a table is invalidated. */
    private static final int INVALIDATE_CHUNK = 5_000;

    /** What to do about rows written unseen. */
    public enum Policy {
        FAIL, INVALIDATE, IGNORE;

        /** The policy a value of {@code on.unseen.write} names. */
        public static Policy of(String setting) {
            return switch (setting) {
                case "ignore" -> IGNORE;
                case "invalidate" -> INVALIDATE;
                default -> FAIL;
            };
        }
    }

    private final Connection real;
    private final String database;
    private final Dialect dialect;
    private final List<TableMapping> mappings;
    private final Policy policy;
    /** Tables already warned about under {@link Policy#IGNORE}, shared by the configuration's connections. */
    private final Set<String> warned;
    private final WriteTransaction transaction;
    /** Where the entries of a table are found, for {@link Policy#INVALIDATE}. */
    private final RedisReader reader;
    /** Rows written through per mapped table while a statement is watched; null otherwise. */
    private Map<String, Long> seen;

    /**
     * @param warned the configuration's set of tables already warned about (thread-safe)
     */
    public UnseenWrites(Connection real, String database, Dialect dialect, List<TableMapping> mappings, Policy policy,
            Set<String> warned, WriteTransaction transaction, RedisReader reader) {
        this.real = real;
        this.database = database;
        this.dialect = dialect;
        this.mappings = mappings;
        this.policy = policy;
        this.warned = warned;
        this.transaction = transaction;
        this.reader = reader;
    }

    /** The database's reach, from the dialect's cache. */
    public WriteReach reach() throws SQLException {
        return dialect.writeReach(real, database, mappings);
    }

    /**
     * True when statements with {@code cues} must be watched (and so run in a transaction). Under
     * {@link Policy#IGNORE} a {@code CALL} in autocommit mode is not: the procedure may commit by itself, which it
     * cannot inside the implicit transaction a watch needs. Under the other policies it is: a procedure that commits
     * by itself then fails (PostgreSQL's "invalid transaction termination"), rather than leave stale entries.
     */
    public boolean mustWatch(WriteReach reach, WriteCues cues, boolean inTransaction) {
        return reach != WriteReach.NONE && (inTransaction || policy != Policy.IGNORE || !cues.call())
                && reach.mayWriteUnseen(cues);
    }

    /**
     * {@code plan}, made to also return the keys of the mapped rows its foreign-key actions will delete or change
     * (see {@link WriteReach#cascading}); the plan itself when none can.
     */
    public WritePlan cascading(WritePlan plan) throws SQLException {
        WriteReach reach = reach();
        return reach == WriteReach.NONE ? plan : reach.cascading(plan);
    }

    /**
     * The analysis to run a statement by: its own, except that a DELETE on an unmapped table whose foreign-key actions
     * reach mapped tables becomes the plan that writes their rows through ({@link WriteReach#foreignKeyParentPlan}).
     */
    public Analysis analysis(AnalyzedStatement statement) throws SQLException {
        Analysis analysis = statement.analysis();
        if (analysis != NotMapped.INSTANCE) {
            return analysis;
        }
        WriteReach reach = reach();
        WritePlan parent = reach == WriteReach.NONE ? null : reach.foreignKeyParentPlan(statement);
        return parent == null ? analysis : parent;
    }

    /** The driver ran DDL: functions, triggers or foreign keys may have changed. */
    public void catalogChanged() {
        dialect.forgetWriteReach(database);
    }

    /**
     * The mappings whose entries {@code statements} may leave unlike their rows with no row returned
     * ({@link TableReshape}: columns added, dropped, retyped or renamed, a table dropped, renamed, moved, detached from
     * or truncated; a partition or inheritance child of a mapped table dropped or truncated).
     */
    public List<TableMapping> reshapedBy(List<AnalyzedStatement> statements) throws SQLException {
        List<TableMapping> reshaped = List.of();
        for (AnalyzedStatement statement : statements) {
            if (!statement.mayReshapeTables()) {
                continue;
            }
            if (reshaped.isEmpty()) {
                reshaped = new ArrayList<>();
            }
            for (TableReshape reshape : TableReshape.of(statement.sql())) {
                boolean mapped = false;
                for (TableMapping mapping : mappings) {
                    if (reshape.affects(mapping)) {
                        mapped = true;
                        addOnce(reshaped, mapping);
                    }
                }
                if (!mapped && reshape.wholeTable() && reshape.table() != null) {
                    // A partition's rows are its mapped parent's: the catalog knows which tables hold mapped rows.
                    Set<String> above = reach().mappedAbove(reshape.table().name());
                    for (TableMapping mapping : mappings) {
                        if (above.contains(mapping.table().name())) {
                            addOnce(reshaped, mapping);
                        }
                    }
                }
            }
        }
        return reshaped;
    }

    private static void addOnce(List<TableMapping> mappings, TableMapping mapping) {
        if (!mappings.contains(mapping)) {
            mappings.add(mapping);
        }
    }

    /**
     * Deletes every entry of the {@code reshaped} tables, in the transaction that changed or emptied them: entries
     * written before hold the old columns, or a row no longer there, and a miss is the only value known not to be
     * stale.
     */
    public void invalidateReshaped(List<TableMapping> reshaped) throws SQLException {
        invalidate(reshaped, "changed or emptied");
    }

    /**
     * Runs {@code statement}, already inside the transaction it writes in, between two readings of the counters, and
     * handles what the driver did not write through.
     */
    public <T> T watch(WriteReach reach, SqlWork<T> statement) throws SQLException {
        Map<String, Long> before = reach.counters(real);
        seen = new HashMap<>();
        T result;
        Map<String, Long> wrote;
        try {
            result = statement.run();
        } finally {
            wrote = seen;
            seen = null;
        }
        Map<String, Long> after = reach.counters(real);
        Map<String, Long> unseen = new TreeMap<>();
        for (Map.Entry<String, Long> counter : after.entrySet()) {
            long rows = counter.getValue() - before.getOrDefault(counter.getKey(), 0L)
                    - wrote.getOrDefault(counter.getKey(), 0L);
            if (rows > 0) {
                unseen.put(counter.getKey(), rows);
            }
        }
        if (!unseen.isEmpty()) {
            unseen(unseen);
        }
        return result;
    }

    /** Rows of {@code table} the driver wrote through (or deleted) in the statement being watched. */
    void saw(String table, long rows) {
        if (seen != null && rows > 0) {
            seen.merge(table, rows, Long::sum);
        }
    }

    private void unseen(Map<String, Long> rows) throws SQLException {
        String tables = String.join(", ", rows.keySet());
        if (policy == Policy.IGNORE) {
            for (String table : rows.keySet()) {
                if (warned.add(table)) {
                    LOG.warn("writethrough: a statement wrote rows of mapped table {} that the driver did not see (a "
                            + "function, procedure, trigger or foreign-key action); their Redis entries may be stale "
                            + "(writethrough.on.unseen.write=ignore; logged once per table)", table);
                }
            }
            return;
        }
        if (policy == Policy.INVALIDATE) {
            invalidate(mappings.stream().filter(m -> rows.containsKey(m.table().name())).toList(),
                    "wrote rows unseen by the driver in");
            return;
        }
        StringBuilder counts = new StringBuilder();
        rows.forEach((table, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(table).append(": ").append(n));
        SQLException refusal = new SQLException("writethrough: the statement wrote rows of mapped table"
                + (rows.size() > 1 ? "s " : " ") + tables + " that the driver cannot see (a function, procedure, "
                + "trigger or foreign-key action; rows " + counts + "); their Redis entries would be stale, so the "
                + "transaction can only roll back (writethrough.on.unseen.write=ignore lets it commit and may leave "
                + "stale entries)", SqlStates.UNSUPPORTED);
        transaction.doom(refusal);
        throw transaction.refused(refusal);
    }

    /**
     * Deletes every entry of the mappings' tables, through the transaction like any of its writes: their rows may have
     * changed in ways the driver cannot recompute (a deleted row, a changed key), so a miss is the only value known
     * not to be stale. Bounded by the tables' entries; the journal keeps about 21 bytes per key.
     *
     * @param what what the statement did to the tables, for messages ("changed the columns of")
     */
    private void invalidate(List<TableMapping> tables, String what) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        long xid;
        try (Statement st = real.createStatement(); ResultSet rs = st.executeQuery("SELECT txid_current()")) {
            rs.next();
            xid = rs.getLong(1);
        }
        for (TableMapping mapping : tables) {
            List<String> keys;
            // The keys this transaction's writes still on their way would add must be in Redis to be listed.
            transaction.settle();
            try {
                keys = TableEntries.keys(reader, mapping);
            } catch (RedisWriteException e) {
                SQLException failure = new SQLException("writethrough: the statement " + what + " mapped table "
                        + mapping.table() + ", and its Redis entries could not be listed to invalidate them ("
                        + e.getMessage() + "); the transaction can only roll back", SqlStates.REDIS_FAILED, e);
                transaction.doom(failure);
                throw transaction.refused(failure);
            }
            String table = mapping.table().toString();
            for (int from = 0; from < keys.size(); from += INVALIDATE_CHUNK) {
                List<EntryWrite> deletes = new ArrayList<>();
                for (String key : keys.subList(from, Math.min(keys.size(), from + INVALIDATE_CHUNK))) {
                    deletes.add(EntryWrite.delete(key, table));
                }
                transaction.write(deletes, xid);
            }
            LOG.debug("writethrough: invalidated {} entries of mapped table {}: the statement {} it", keys.size(), table,
                    what);
        }
    }
}
