package io.writethrough.sql;

import io.writethrough.mapping.TableName;

import java.util.Objects;

/**
 * The statement writes (or may write) a mapped table in a way the driver cannot follow into Redis. By default the
 * driver refuses it before it runs, with {@link #message()}.
 *
 * @param table     the mapped table concerned, as written in the SQL (folded)
 * @param construct what was found, e.g. {@code TRUNCATE}, {@code data-modifying WITH}, {@code unparsable UPDATE}
 * @param reason    why it cannot be written through; never contains SQL text or parameter values
 */
public record Unsupported(TableName table, String construct, String reason) implements Analysis {

    /**
     * The construct of a TRUNCATE on a mapped table: its rows cannot be returned, but the driver runs it and
     * invalidates its tables' entries ({@link TableReshape}) rather than refuse it.
     */
    public static final String TRUNCATE = "TRUNCATE";


    /** The configuration option that lets unsupported writes run anyway. */
    public static final String POLICY_OPTION = "writethrough.on.unsupported.write";

    static final String UNPARSABLE = "unparsable ";

    public Unsupported {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(construct, "construct");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A message naming the construct, the table, why, and the option that changes the policy, e.g.
     * {@code TRUNCATE on mapped table "users" cannot be written through to Redis: ... (writethrough.on.unsupported.write=ignore
     * runs it anyway and may leave stale entries)}.
     */
    public String message() {
        return construct + " on mapped table \"" + table + "\" cannot be written through to Redis: " + reason
                + " (" + POLICY_OPTION + "=ignore runs it anyway and may leave stale entries)";
    }

    /**
     * True when the SQL parser could not read the statement. The database may well reject it too; the driver can
     * let the database say so (e.g. with EXPLAIN) to keep malformed SQL transparent.
     */
    public boolean parseFailure() {
        return construct.startsWith(UNPARSABLE);
    }

    /** A statement the parser could not read; {@code why} says what went wrong, never quoting the SQL. */
    static Unsupported unparsable(TableName table, String statement, String why) {
        return new Unsupported(table, UNPARSABLE + statement, why + ", so the rows it writes cannot be found");
    }
}
