package io.writethrough.audit;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.Dialect.RowLock;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.write.EntryEncoder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whole rows of a mapped table read from the database and rendered as the driver renders them: key → entry. */
final class RenderedRows {

    /** A page of rows in the order of the key's unique index, and the key to read on after (null: the table's end). */
    record Page(Map<String, EntryWrite> rows, List<String> last) {
    }

    private RenderedRows() {
    }

    /**
     * Runs {@code query} (whole rows of {@code mapping}'s table) and renders each row; {@code lastKeyValues}, unless
     * null, gets the last row's key columns as text (template order), as read, not as decoded from its key (a template
     * need not decode unambiguously). {@code expected}: how many rows there will be at most, to size the map once.
     */
    static Map<String, EntryWrite> read(Dialect dialect, TableMapping mapping, PreparedStatement query,
            List<String> lastKeyValues, int expected) throws SQLException {
        Map<String, EntryWrite> rows = new LinkedHashMap<>((int) (expected / 0.75f) + 1);
        try (ResultSet rs = query.executeQuery()) {
            EntryEncoder encoder = EntryEncoder.forRows(mapping, rs.getMetaData(), dialect, false);
            while (rs.next()) {
                String key = encoder.key(rs);
                rows.put(key, encoder.put(key, rs));
                if (lastKeyValues != null && rs.isLast()) {
                    lastKeyValues.addAll(encoder.keyValues(rs));
                }
            }
        }
        return rows;
    }

    /**
     * The {@code size} rows after {@code after} (null: from the first row) of a {@link Dialect#pageable} table, locked
     * as {@code how} says ({@link Dialect#rowPage}). A short page reached the table's end; with
     * {@link RowLock#SHARE_SKIP_LOCKED}, rows a writer held may lie past its last row, so its range stays open.
     */
    static Page page(Dialect dialect, Connection connection, String database, TableMapping mapping, List<String> after,
            int size, RowLock how) throws SQLException {
        List<String> last = new ArrayList<>();
        Map<String, EntryWrite> rows;
        try (PreparedStatement page = dialect.rowPage(connection, database, mapping, after, size, how)) {
            rows = read(dialect, mapping, page, last, size);
        }
        return new Page(rows, rows.size() < size ? null : last);
    }
}
