package io.writethrough.testing;

import io.writethrough.mapping.TableMapping;

/**
 * One way in which Redis disagrees with the database for a mapped table.
 *
 * @param mapping       the mapping whose entry differs
 * @param kind          what is wrong
 * @param key           the Redis key
 * @param name          the hash field or JSON member concerned, or {@code null}
 * @param redisValue    what Redis holds, ready to print (a quoted string or JSON text), or {@code null}
 * @param databaseValue what the row says it should hold, ready to print, or {@code null}
 * @param row           the row's key columns, e.g. {@code id=7}, or {@code null} for an entry without a row
 */
public record CacheDifference(TableMapping mapping, Kind kind, String key, String name, String redisValue,
                              String databaseValue, String row) {

    /** What is wrong with an entry. */
    public enum Kind {
        /** A row has no entry in Redis. */
        MISSING_KEY,
        /** An entry under the mapping's key prefix matches no row. */
        EXTRA_KEY,
        /** The key holds another Redis type than the mapping's format needs (a string for a hash mapping, say). */
        WRONG_TYPE,
        /** A JSON entry that does not parse as a JSON object. */
        UNREADABLE_VALUE,
        /** A hash lacks a field for a non-NULL mapped column. */
        MISSING_FIELD,
        /** A hash has a field for a NULL column or for a column that is not mapped. */
        EXTRA_FIELD,
        /** A hash field holds other text than the column's canonical text. */
        STALE_FIELD,
        /** A JSON object lacks a mapped column's member. */
        MISSING_MEMBER,
        /** A JSON object has a member that is not a mapped column. */
        EXTRA_MEMBER,
        /** A JSON member's value differs from the column's. */
        STALE_MEMBER,
        /** Two rows render the same key: key rendering is not injective. */
        DUPLICATE_KEY
    }

    /** One readable line, e.g. {@code stale field user:3 name: redis="Bob" db="Robert"}. */
    public String describe() {
        return switch (kind) {
            case MISSING_KEY -> "missing key " + key + " (row " + row + ")";
            case EXTRA_KEY -> "extra key " + key + " (no row)";
            case WRONG_TYPE -> "wrong type " + key + ": redis holds a " + redisValue + ", expected a " + databaseValue
                    + " (row " + row + ")";
            case UNREADABLE_VALUE -> "unreadable value " + key + ": " + databaseValue + "; redis=" + redisValue;
            case MISSING_FIELD -> "missing field " + key + " " + name + ": db=" + databaseValue;
            case EXTRA_FIELD -> "extra field " + key + " " + name + ": redis=" + redisValue
                    + (databaseValue == null ? " (not a mapped column)" : " db=" + databaseValue);
            case STALE_FIELD -> "stale field " + key + " " + name + ": redis=" + redisValue + " db=" + databaseValue;
            case MISSING_MEMBER -> "missing member " + key + " " + name + ": db=" + databaseValue;
            case EXTRA_MEMBER -> "extra member " + key + " " + name + ": redis=" + redisValue;
            case STALE_MEMBER -> "stale member " + key + " " + name + ": redis=" + redisValue + " db=" + databaseValue;
            case DUPLICATE_KEY -> "duplicate key " + key + ": rows " + row + " render the same key";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
