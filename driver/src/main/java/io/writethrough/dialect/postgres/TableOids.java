package io.writethrough.dialect.postgres;

import io.writethrough.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which table a returned row came from, by its {@code tableoid}: needed only when unqualified SQL may
 * reach a schema-qualified mapping through {@code search_path}. A partition answers with its root
 * table, since mappings name the partitioned table. One catalog query per new table, then cached.
 */
final class TableOids {

    private static final String QUERY = "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.oid = COALESCE(pg_catalog.pg_partition_root(?::oid), ?::oid)";

    private final ConcurrentHashMap<String, TableName> names = new ConcurrentHashMap<>();

    TableName resolve(Connection real, String database, long oid) throws SQLException {
        String cacheKey = database + '#' + oid;
        TableName cached = names.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement query = real.prepareStatement(QUERY)) {
            query.setLong(1, oid);
            query.setLong(2, oid);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("writethrough: table with oid " + oid + " not found in pg_class");
                }
                TableName name = new TableName(rs.getString(1), rs.getString(2));
                names.put(cacheKey, name);
                return name;
            }
        }
    }
}
