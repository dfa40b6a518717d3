package io.writethrough.examples;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.ValueFormat;
import io.writethrough.testing.TestRedis;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * What every mapped key holds at one moment, read from both sides: the row in the database (as the given
 * connection sees it, so inside a transaction its own uncommitted writes) and the entry in Redis, as text to print.
 */
final class CacheView {

    /**
     * One key. {@code database} is the row as {@code column=value} pairs, {@code redis} the hash fields in the same
     * form or the JSON text; either is {@code null} when absent.
     */
    record Entry(String key, String database, String redis) {
    }

    private final Map<String, Entry> entries;

    private CacheView(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static CacheView read(Connection db, UnifiedJedis redis, List<TableMapping> mappings) throws SQLException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (TableMapping mapping : mappings) {
            Map<String, List<String>> rows = rows(db, mapping);
            for (Map.Entry<String, List<String>> row : rows.entrySet()) {
                List<String> columns = row.getValue();
                entries.put(row.getKey(), new Entry(row.getKey(), pairs(columns),
                        redisValue(redis, mapping, row.getKey(), columns)));
            }
            for (String key : TestRedis.keysStartingWith(redis, mapping.key().literalPrefix())) {
                if (!rows.containsKey(key)) {
                    entries.put(key, new Entry(key, null, redisValue(redis, mapping, key, List.of())));
                }
            }
        }
        return new CacheView(entries);
    }

    /** The entries that differ from {@code earlier} on either side, in table and key order. */
    List<Entry> changedSince(CacheView earlier) {
        List<Entry> changed = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (!entry.equals(earlier.entries.get(entry.key()))) {
                changed.add(entry);
            }
        }
        for (Entry gone : earlier.entries.values()) {
            if (!entries.containsKey(gone.key())) {
                changed.add(new Entry(gone.key(), null, null));
            }
        }
        return changed;
    }

    static CacheView empty() {
        return new CacheView(Map.of());
    }

    /** Deletes every key under the mappings' literal prefixes (what an earlier run of the demo left behind). */
    static void clear(UnifiedJedis redis, List<TableMapping> mappings) {
        for (TableMapping mapping : mappings) {
            List<String> keys = TestRedis.keysStartingWith(redis, mapping.key().literalPrefix());
            if (!keys.isEmpty()) {
                redis.unlink(keys.toArray(String[]::new));
            }
        }
    }

    /** Key → the row's mapped columns as {@code column=value} strings, in key column order. */
    private static Map<String, List<String>> rows(Connection db, TableMapping mapping) throws SQLException {
        String orderBy = String.join(", ", mapping.key().columns().stream().map(CacheView::quoted).toList());
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("SELECT * FROM " + quoted(mapping.table().name()) + " ORDER BY " + orderBy)) {
            ResultSetMetaData meta = row.getMetaData();
            while (row.next()) {
                List<String> keyValues = new ArrayList<>();
                for (String column : mapping.key().columns()) {
                    keyValues.add(row.getString(column));
                }
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnName(i);
                    if (mapping.storesAllColumns() || mapping.columns().contains(name)) {
                        columns.add(name + "=" + (row.getString(i) == null ? "NULL" : row.getString(i)));
                    }
                }
                rows.put(mapping.key().render(keyValues), columns);
            }
        }
        return rows;
    }

    /** The entry as text: a hash's fields in the row's column order (strays last), a JSON string as it is. */
    private static String redisValue(UnifiedJedis redis, TableMapping mapping, String key, List<String> rowColumns) {
        if (mapping.format() == ValueFormat.JSON) {
            return redis.get(key);
        }
        Map<String, String> fields = new TreeMap<>(redis.hgetAll(key));
        if (fields.isEmpty()) {
            return null;
        }
        List<String> shown = new ArrayList<>();
        for (String column : rowColumns) {
            String name = column.substring(0, column.indexOf('='));
            String value = fields.remove(name);
            if (value != null) {
                shown.add(name + "=" + value);
            }
        }
        fields.forEach((name, value) -> shown.add(name + "=" + value));
        return pairs(shown);
    }

    private static String pairs(List<String> pairs) {
        return String.join("  ", pairs);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
