package io.writethrough.audit;

/**
 * One way in which Redis disagrees with the database, found (and confirmed under the row's lock) by an audit.
 *
 * @param table         the mapped table, as the mapping names it
 * @param kind          what is wrong
 * @param key           the Redis key
 * @param field         the hash field or JSON member that differs first, {@code (type)} when the key holds another
 *                      Redis type, or {@code null} (a whole entry missing or orphaned)
 * @param redisValue    what Redis holds there, shortened for display, or {@code null} for nothing
 * @param databaseValue what the row gives, shortened for display, or {@code null} for nothing
 * @param action        what the audit did about it
 */
public record Difference(String table, Kind kind, String key, String field, String redisValue, String databaseValue,
        Action action) {

    /** What is wrong with an entry. */
    public enum Kind {
        /** A row has no entry. */
        MISSING,
        /** An entry differs from its row (a field or member, or the Redis type). */
        STALE,
        /** An entry in the table's key space has no row. */
        ORPHAN
    }

    /** What an audit did about a difference. */
    public enum Action {
        /** Nothing: it only verified. */
        NONE,
        /** Written from the row, or deleted (orphan). */
        FIXED,
        /** A dry run: it would have written or deleted it. */
        WOULD_FIX,
        /** An ownership mark stands next to the key: left to its transaction (or to recovery, if that ended). */
        LEFT_TO_OWNER
    }

    /** One line, e.g. {@code stale users user:7 field name: redis="Bob" db="Robert"}. */
    public String describe() {
        StringBuilder line = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                .append(table).append(' ').append(key);
        if (field != null) {
            line.append(" field ").append(field).append(':');
            line.append(" redis=").append(redisValue == null ? "(none)" : redisValue);
            line.append(" db=").append(databaseValue == null ? "(none)" : databaseValue);
        } else if (kind == Kind.MISSING) {
            line.append(" (row without entry)");
        } else if (kind == Kind.ORPHAN) {
            line.append(" (entry without row)");
        }
        switch (action) {
            case FIXED -> line.append(kind == Kind.ORPHAN ? " -> deleted" : " -> written");
            case WOULD_FIX -> line.append(kind == Kind.ORPHAN ? " -> would delete" : " -> would write");
            case LEFT_TO_OWNER -> line.append(" -> left to the transaction that owns it (writethrough:own:<key>)");
            case NONE -> { }
        }
        return line.toString();
    }
}
