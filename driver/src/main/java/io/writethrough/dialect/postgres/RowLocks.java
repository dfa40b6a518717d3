package io.writethrough.dialect.postgres;

import io.writethrough.dialect.Dialect.RowLock;
import io.writethrough.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queries that read (and share-lock) the committed rows keys stand for. Key values come as canonical text, which
 * PostgreSQL reads back as the column's type (ISO dates and instants, decimal numbers, {@code true}/{@code false}),
 * except bytea, whose canonical text is base64. One catalog query per table (for the key columns' types), then cached.
 */
final class RowLocks {

    private static final String KEY_TYPES = """
            SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
            """;

    /** Per database, table and template: the key columns' SQL types, in template order. */
    private final ConcurrentHashMap<String, List<String>> keyTypes = new ConcurrentHashMap<>();

    PreparedStatement lockedRow(Connection real, String database, TableMapping mapping, List<String> keyValues)
            throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        List<String> types = types(real, database, table, mapping);
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(" WHERE ");
        List<String> columns = mapping.key().columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sql.append(" AND ");
            }
            sql.append(quoted(columns.get(i))).append(" = ").append(typed("?", types.get(i)));
        }
        PreparedStatement ps = real.prepareStatement(sql.append(" FOR SHARE").toString());
        for (int i = 0; i < keyValues.size(); i++) {
            ps.setString(i + 1, keyValues.get(i));
        }
        return ps;
    }

    /**
     * The rows of many keys in one query: the key values go as one text array per key column, joined to the table
     * through its key columns (an index lookup per key when they are indexed), {@code FOR SHARE OF} the table (with
     * {@code SKIP LOCKED}) as {@code lock} says. Duplicate keys are asked once.
     */
    PreparedStatement rowsByKey(Connection real, String database, TableMapping mapping, List<List<String>> keyValues,
            RowLock lock) throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        List<String> types = types(real, database, table, mapping);
        List<String> columns = mapping.key().columns();
        StringBuilder sql = new StringBuilder("SELECT t.* FROM ").append(table).append(" t JOIN (SELECT DISTINCT * FROM unnest(");
        StringBuilder on = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String separator = i > 0 ? ", " : "";
            sql.append(separator).append("CAST(? AS text[])");
            names.append(separator).append("v").append(i);
            on.append(i > 0 ? " AND " : "").append("t.").append(quoted(columns.get(i))).append(" = ")
                    .append(typed("k.v" + i, types.get(i)));
        }
        sql.append(") AS u(").append(names).append(")) AS k ON ").append(on);
        sql.append(clause(lock, " OF t"));
        return withKeyArrays(real, sql.toString(), columns.size(), keyValues);
    }

    /** The locking clause for {@code lock} ({@code of}: {@code " OF t"} or empty), with its leading space; or empty. */
    static String clause(RowLock lock, String of) {
        return switch (lock) {
            case NONE -> "";
            case SHARE -> " FOR SHARE" + of;
            case SHARE_SKIP_LOCKED -> " FOR SHARE" + of + " SKIP LOCKED";
        };
    }

    /**
     * Key values in PostgreSQL's own text output, cast back to the key columns' types and named after them: one row
     * per key, in no particular order, so that the driver's encoder reads them as canonical text.
     */
    PreparedStatement keyRows(Connection real, String database, TableMapping mapping, List<List<String>> databaseTexts)
            throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        List<String> types = types(real, database, table, mapping);
        List<String> columns = mapping.key().columns();
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder from = new StringBuilder(" FROM unnest(");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String separator = i > 0 ? ", " : "";
            select.append(separator).append("CAST(v").append(i).append(" AS ").append(types.get(i)).append(") AS ")
                    .append(quoted(columns.get(i)));
            from.append(separator).append("CAST(? AS text[])");
            names.append(separator).append("v").append(i);
        }
        return withKeyArrays(real, select.append(from).append(") AS u(").append(names).append(')').toString(),
                columns.size(), databaseTexts);
    }

    /** {@code sql} prepared with one text array per key column as its parameters, the keys' values in order. */
    private static PreparedStatement withKeyArrays(Connection real, String sql, int columns, List<List<String>> keys)
            throws SQLException {
        PreparedStatement ps = real.prepareStatement(sql);
        for (int c = 0; c < columns; c++) {
            String[] values = new String[keys.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = keys.get(k).get(c);
            }
            ps.setArray(c + 1, real.createArrayOf("text", values));
        }
        return ps;
    }

    static String typed(String text, String type) {
        return type.equals("bytea") ? "pg_catalog.decode(" + text + ", 'base64')" : "CAST(" + text + " AS " + type + ")";
    }

    static String quoted(String column) {
        return '"' + column.replace("\"", "\"\"") + '"';
    }

    List<String> types(Connection real, String database, String table, TableMapping mapping) throws SQLException {
        String cacheKey = database + '#' + table + '#' + mapping.key().source();
        List<String> cached = keyTypes.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Map<String, String> byColumn = new HashMap<>();
        try (PreparedStatement ps = real.prepareStatement(KEY_TYPES)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byColumn.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (byColumn.isEmpty()) {
            throw new SQLException("writethrough: table " + table + " (mapped as table." + mapping.table()
                    + ") does not exist in the database", "42P01");
        }
        List<String> types = new ArrayList<>();
        for (String column : mapping.key().columns()) {
            String type = byColumn.get(column);
            if (type == null) {
                throw new SQLException("writethrough: table " + table + " has no key column '" + column + "'", "42703");
            }
            types.add(type);
        }
        keyTypes.put(cacheKey, List.copyOf(types));
        return types;
    }
}
