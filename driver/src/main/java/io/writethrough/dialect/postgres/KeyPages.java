package io.writethrough.dialect.postgres;

import io.writethrough.dialect.Dialect.RowLock;
import io.writethrough.mapping.TableMapping;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pages of a table's rows in the order of a unique index on the mapping's key columns, or on some of them (keyset
 * pagination: {@code WHERE (k1, k2) > (…) ORDER BY k1, k2 LIMIT n}), so that each page is one index range scan that
 * can lock the rows it reads. An index on part of the key serves as well as one on all of it: its columns are unique,
 * so the key's are, and a page's last key holds the values to go on after. So a key that adds a column to the primary
 * key (a parent's id as a hash tag, {@code {{order_id}}:line:{id}}) still pages by the primary key. Tables without such
 * an index have no pages (the caller reads them otherwise). The index is looked up once per table, then cached.
 */
final class KeyPages {

    /** Per valid btree index of the table without predicate or expression: unique or not, its columns in order. */
    private static final String INDEXES = """
            SELECT i.indisunique, (SELECT array_agg(a.attname::text ORDER BY k.ord)
                                    FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
            JOIN pg_catalog.pg_am am ON am.oid = c.relam
            WHERE i.indrelid = pg_catalog.to_regclass(?) AND am.amname = 'btree' AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL
            ORDER BY i.indisprimary DESC
            """;

    private final RowLocks rowLocks;
    /** Per database, table and template: the key columns in the index's order, or empty when no index fits. */
    private final ConcurrentHashMap<String, Optional<List<String>>> orders = new ConcurrentHashMap<>();

    KeyPages(RowLocks rowLocks) {
        this.rowLocks = rowLocks;
    }

    /** True when the table has a unique index on the mapping's key columns, or on some of them. */
    boolean pageable(Connection real, String database, TableMapping mapping) throws SQLException {
        return order(real, database, mapping).isPresent();
    }

    /**
     * The first {@code limit} rows after {@code after} (template order; null: from the first row), all columns, in
     * the index's order, locked as {@code how} says.
     */
    PreparedStatement page(Connection real, String database, TableMapping mapping, List<String> after, int limit,
            RowLock how) throws SQLException {
        Range range = range(real, database, mapping, after, null);
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(range.table).append(range.where)
                .append(" ORDER BY ").append(String.join(", ", range.columns)).append(" LIMIT ").append(limit)
                .append(RowLocks.clause(how, ""));
        return range.bind(real.prepareStatement(sql.toString()));
    }

    /**
     * The key columns (template order) of the rows after {@code after} up to and including {@code last} (either null:
     * unbounded), unlocked; or, with {@code countOnly}, how many there are (one row, one column).
     */
    PreparedStatement keys(Connection real, String database, TableMapping mapping, List<String> after, List<String> last,
            boolean countOnly) throws SQLException {
        Range range = range(real, database, mapping, after, last);
        List<String> keyColumns = new ArrayList<>();
        for (String column : mapping.key().columns()) {
            keyColumns.add(RowLocks.quoted(column));
        }
        String what = countOnly ? "count(*)" : String.join(", ", keyColumns);
        return range.bind(real.prepareStatement("SELECT " + what + " FROM " + range.table + range.where));
    }

    /** A WHERE clause over the index's columns and the values to bind to it. */
    private record Range(String table, List<String> columns, String where, List<String> values) {
        PreparedStatement bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            return ps;
        }
    }

    private Range range(Connection real, String database, TableMapping mapping, List<String> after, List<String> last)
            throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        List<String> order = order(real, database, mapping).orElseThrow(() -> new SQLException(
                "writethrough: table " + mapping.table() + " has no unique index on its key columns to page by", "42704"));
        List<String> types = rowLocks.types(real, database, table, mapping);
        List<String> templateColumns = mapping.key().columns();
        List<String> columns = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (String column : order) {
            columns.add(RowLocks.quoted(column));
        }
        // A row with a NULL key column has no key, hence no entry (and a unique index admits many NULLs).
        for (String column : templateColumns) {
            where.append(where.length() == 0 ? " WHERE " : " AND ").append(RowLocks.quoted(column)).append(" IS NOT NULL");
        }
        List<String> values = new ArrayList<>();
        bound(where, values, columns, order, types, templateColumns, after, ") > (");
        bound(where, values, columns, order, types, templateColumns, last, ") <= (");
        return new Range(table, columns, where.toString(), values);
    }

    /** Appends {@code AND (k1, k2) <op> (CAST(? AS t1), …)} for {@code key} (template order), unless it is null. */
    private static void bound(StringBuilder where, List<String> values, List<String> columns, List<String> order,
            List<String> types, List<String> templateColumns, List<String> key, String op) {
        if (key == null) {
            return;
        }
        StringBuilder row = new StringBuilder();
        for (String column : order) {
            int i = templateColumns.indexOf(column);
            row.append(row.length() > 0 ? ", " : "").append(RowLocks.typed("?", types.get(i)));
            values.add(key.get(i));
        }
        where.append(" AND (").append(String.join(", ", columns)).append(op).append(row).append(')');
    }

    private Optional<List<String>> order(Connection real, String database, TableMapping mapping) throws SQLException {
        String table = PostgresDialect.quoted(mapping.table());
        String cacheKey = database + '#' + table + '#' + mapping.key().source();
        Optional<List<String>> cached = orders.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Optional<List<String>> found = Optional.empty();
        try (PreparedStatement ps = real.prepareStatement(INDEXES)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && found.isEmpty()) {
                    Array names = rs.getArray(2);
                    List<String> columns = names == null ? List.of() : List.of((String[]) names.getArray());
                    // Unique on key columns: a key names one row, so paging by them skips none.
                    if (rs.getBoolean(1) && !columns.isEmpty() && mapping.key().columns().containsAll(columns)) {
                        found = Optional.of(columns);
                    }
                }
            }
        }
        orders.put(cacheKey, found);
        return found;
    }
}
