package io.writethrough.dialect.postgres;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.sql.WritePlan;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Before the first write on a table (per database and table as the SQL names it): every column the table's mapping
 * names — key template placeholders and {@code columns} — must exist. Otherwise the driver's RETURNING would fail
 * with PostgreSQL's own error, pointing into SQL the application never wrote. A table the catalog does not know is
 * left to PostgreSQL, whose error the application then gets unchanged. Only a passed check is cached, so fixing the
 * table (ALTER TABLE) takes effect at once.
 */
final class MappingCheck {

    private static final String QUERY = """
            SELECT n.nspname, c.relname,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = pg_catalog.to_regclass(?)
            """;

    /** Per database, the tables (as the SQL names them) whose check passed. No allocation on the hot path's hit. */
    private final ConcurrentHashMap<String, Set<TableName>> passed = new ConcurrentHashMap<>();

    void verify(Connection real, String database, WritePlan plan) throws SQLException {
        Set<TableName> passedHere = passed.computeIfAbsent(database, d -> ConcurrentHashMap.newKeySet());
        if (passedHere.contains(plan.target())) {
            return;
        }
        String table = PostgresDialect.quoted(plan.target());
        try (PreparedStatement ps = real.prepareStatement(QUERY)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                TableName resolved = new TableName(rs.getString(1), rs.getString(2));
                Array array = rs.getArray(3);
                List<String> columns = Arrays.asList((String[]) array.getArray());
                TableMapping mapping = plan.mappingFor(resolved);
                if (mapping != null) {
                    check(mapping, columns);
                }
            }
        }
        passedHere.add(plan.target());
    }

    private static void check(TableMapping mapping, List<String> columns) throws SQLException {
        Set<String> present = new LinkedHashSet<>(columns);
        for (String column : mapping.key().columns()) {
            if (!present.contains(column)) {
                throw missing(mapping, column, "key template '" + mapping.key().source() + "'", columns);
            }
        }
        if (!mapping.storesAllColumns()) {
            for (String column : mapping.columns()) {
                if (!present.contains(column)) {
                    throw missing(mapping, column, "table." + mapping.table() + ".columns", columns);
                }
            }
        }
    }

    private static SQLException missing(TableMapping mapping, String column, String where, List<String> columns) {
        return new SQLException("writethrough: table " + mapping.table() + " has no column '" + column + "' named in "
                + where + " (its columns: " + String.join(", ", new ArrayList<>(columns)) + "); fix the mapping file", "42703");
    }
}
