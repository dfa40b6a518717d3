package io.writethrough.dialect.postgres;

import io.writethrough.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query that reads and share-locks the committed row a key stands for. Key values come as canonical text, which
 * PostgreSQL reads back as the column's type (ISO dates and instants, decimal numbers, {@code true}/{@code false}),
 * except bytea, whose canonical text is base64. One catalog query per table (for the key columns' types), then cached.
 */
final class RowLocks {

    private static final String KEY_TYPES = """
            SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
            """;

    private final ConcurrentHashMap<String, String> queries = new ConcurrentHashMap<>();

    PreparedStatement lockedRow(Connection real, String database, TableMapping mapping, List<String> keyValues)
            throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        String cacheKey = database + '#' + table + '#' + mapping.key().source();
        String sql = queries.get(cacheKey);
        if (sql == null) {
            sql = query(real, table, mapping.key().columns());
            queries.put(cacheKey, sql);
        }
        PreparedStatement ps = real.prepareStatement(sql);
        for (int i = 0; i < keyValues.size(); i++) {
            ps.setString(i + 1, keyValues.get(i));
        }
        return ps;
    }

    private static String query(Connection real, String table, List<String> keyColumns) throws SQLException {
        java.util.Map<String, String> types = new java.util.HashMap<>();
        try (PreparedStatement ps = real.prepareStatement(KEY_TYPES)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(" WHERE ");
        for (int i = 0; i < keyColumns.size(); i++) {
            String column = keyColumns.get(i);
            String type = types.get(column);
            if (type == null) {
                throw new SQLException("writethrough: table " + table + " has no key column '" + column + "'", "42703");
            }
            if (i > 0) {
                sql.append(" AND ");
            }
            sql.append('"').append(column.replace("\"", "\"\"")).append("\" = ");
            sql.append(type.equals("bytea") ? "pg_catalog.decode(?, 'base64')" : "CAST(? AS " + type + ")");
        }
        return sql.append(" FOR SHARE").toString();
    }
}
