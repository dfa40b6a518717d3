package io.writethrough.write;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.TableMapping;
import io.writethrough.sql.Analysis;
import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.NotMapped;
import io.writethrough.sql.WriteCues;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.SQLException;
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
 * (SQLState {@value SqlStates#UNSUPPORTED}); {@link Policy#IGNORE} logs a warning once per table and configuration.
 */
public final class UnseenWrites {

    private static final Logger LOG = LoggerFactory.getLogger(UnseenWrites.class);

    /** What to do about rows written unseen. */
    public enum Policy {
        FAIL, IGNORE;

        /** The policy a value of {@code on.unseen.write} names. */
        public static Policy of(String setting) {
            return "ignore".equals(setting) ? IGNORE : FAIL;
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
    /** Rows written through per mapped table while a statement is watched; null otherwise. */
    private Map<String, Long> seen;

    /**
     * @param warned the configuration's set of tables already warned about (thread-safe)
     */
    public UnseenWrites(Connection real, String database, Dialect dialect, List<TableMapping> mappings, Policy policy,
            Set<String> warned, WriteTransaction transaction) {
        this.real = real;
        this.database = database;
        this.dialect = dialect;
        this.mappings = mappings;
        this.policy = policy;
        this.warned = warned;
        this.transaction = transaction;
    }

    /** The database's reach, from the dialect's cache. */
    public WriteReach reach() throws SQLException {
        return dialect.writeReach(real, database, mappings);
    }

    /**
     * True when statements with {@code cues} must be watched (and so run in a transaction). Under
     * {@link Policy#IGNORE} a {@code CALL} in autocommit mode is not: the procedure may commit by itself, which it
     * cannot inside the implicit transaction a watch needs.
     */
    public boolean mustWatch(WriteReach reach, WriteCues cues, boolean inTransaction) {
        return reach != WriteReach.NONE && (inTransaction || policy == Policy.FAIL || !cues.call())
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
}
