package io.writethrough.mapping;

import java.util.List;
import java.util.Objects;

/**
 * How one table's rows are written to Redis.
 *
 * @param table      the mapped table
 * @param key        the key template
 * @param columns    the columns stored in the value, as stored; {@code null} means every column of the row
 * @param format     hash or json
 * @param ttlSeconds expiry applied on every write of an entry, or 0 for none
 */
public record TableMapping(TableName table, KeyTemplate key, List<String> columns, ValueFormat format, long ttlSeconds) {

    public TableMapping {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(format, "format");
        columns = columns == null ? null : List.copyOf(columns);
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("ttlSeconds < 0");
        }
    }

    /** True when the value holds every column of the row. */
    public boolean storesAllColumns() {
        return columns == null;
    }
}
