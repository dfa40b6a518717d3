package io.writethrough.dialect;

import io.writethrough.sql.AnalyzedStatement;
import io.writethrough.sql.WriteCues;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Where in one database a statement can write rows of mapped tables that it does not return: functions and
 * procedures whose body may write one, tables whose triggers or foreign-key actions may reach one. Read from the
 * catalog ({@link Dialect#writeReach}) and immutable; a statement none of whose {@link WriteCues} it knows is
 * ordinary and pays nothing more.
 */
public interface WriteReach {

    /** Nothing in the database can write a mapped table unseen. */
    WriteReach NONE = new WriteReach() {
        @Override
        public boolean mayWriteUnseen(WriteCues cues) {
            return false;
        }

        @Override
        public WritePlan cascading(WritePlan plan) {
            return plan;
        }

        @Override
        public WritePlan foreignKeyParentPlan(AnalyzedStatement statement) {
            return null;
        }

        @Override
        public Map<String, Long> counters(Connection real) {
            return Map.of();
        }
    };

    /** True when a statement with these cues calls such a function or writes such a table. */
    boolean mayWriteUnseen(WriteCues cues);

    /**
     * A planned DELETE or key-changing UPDATE made to return, per written row, the keys of the mapped rows its
     * foreign-key actions will delete or change ({@link WritePlan#withExtraColumns}), read as the statement found the
     * database, through any number of {@code ON DELETE CASCADE} levels: one extra column per mapped table an action
     * reaches, each a JSON object {@code {"table": <the mapping's table>, "keys": [[<key column text>, ...], ...]}} with
     * the database's text of the key columns in template order, or SQL NULL when the row's actions reach none.
     * {@code plan} itself when no action reaches a mapped table.
     */
    WritePlan cascading(WritePlan plan);

    /**
     * For a statement the analysis found to write no mapped table: when it is a DELETE on a table whose foreign-key
     * actions reach mapped tables, its plan ({@link WritePlan#withoutEntries}, made {@link #cascading}), so that what
     * the actions delete or change is written through as for a mapped parent; otherwise null.
     */
    WritePlan foreignKeyParentPlan(AnalyzedStatement statement);

    /**
     * The names of the mapped tables whose rows {@code table} (a name, as stored) holds: those it is a partition or
     * inheritance child of, at any depth; empty when it is below none. A TRUNCATE or DROP of such a table removes
     * mapped rows under another name.
     */
    default Set<String> mappedAbove(String table) {
        return Set.of();
    }

    /**
     * Per mapped table (by name), the rows the current transaction has inserted, updated and deleted in it so far,
     * as the database counts them. Only differences between two readings in one transaction mean anything.
     */
    Map<String, Long> counters(Connection real) throws SQLException;
}
