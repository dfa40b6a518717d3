package io.writethrough.dialect.postgres;

import io.writethrough.sql.WritePlan;
import io.writethrough.write.SqlStates;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Before a key-changing UPDATE runs: its rewrite joins the table with its own old rows on the key
 * columns, which is exact only when those columns identify a row. So they must all be NOT NULL and
 * contain the columns of a primary key or unique index; else the statement is refused before it runs.
 * One catalog query per table, then cached.
 */
final class KeyColumnCheck {

    private static final String QUERY = """
            SELECT (SELECT count(*) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = ANY (?::text[]) AND a.attnotnull AND NOT a.attisdropped),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                            WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                              AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey) k
                                              JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k
                                              WHERE a.attname <> ALL (?::text[])))
            FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)
            """;

    private final ConcurrentHashMap<String, Boolean> verdicts = new ConcurrentHashMap<>();

    void verify(Connection real, String database, WritePlan plan) throws SQLException {
        String table = PostgresDialect.quoted(plan.target());
        String cacheKey = database + '#' + table + '#' + plan.oldKeyColumnNames();
        Boolean identifies = verdicts.get(cacheKey);
        if (identifies == null) {
            identifies = query(real, table, plan.oldKeyColumnNames());
            verdicts.put(cacheKey, identifies);
        }
        if (!identifies) {
            throw new SQLException("writethrough: an UPDATE that changes key columns " + plan.oldKeyColumnNames() + " of mapped table "
                    + plan.target() + " cannot be written through: those columns are not all NOT NULL or do not contain a "
                    + "primary key or unique index, so its old rows cannot be told apart; map the table by a key that "
                    + "identifies a row", SqlStates.UNSUPPORTED);
        }
    }

    private static boolean query(Connection real, String table, List<String> columns) throws SQLException {
        try (PreparedStatement ps = real.prepareStatement(QUERY)) {
            Array names = real.createArrayOf("text", columns.toArray());
            ps.setArray(1, names);
            ps.setArray(2, names);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == columns.size() && rs.getBoolean(2);
            }
        }
    }
}
