package io.writethrough.write;

import io.writethrough.dialect.ColumnCodec;
import io.writethrough.dialect.Dialect;
import io.writethrough.jdbc.rows.MaterializedResultSet;
import io.writethrough.journal.KeySet;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.redis.EntryWrite;
import io.writethrough.sql.Operation;
import io.writethrough.sql.WritePlan;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows a planned statement returned (its RETURNING, laid out as {@link WritePlan} documents), encodes
 * them into entries and hands those forward to an {@link EntrySink} in chunks, and copies the application's own
 * columns when it asked for them. Instances are kept per connection and plan ({@link Cache}).
 */
final class ReturnedRows {

    /** Rows per Redis call: one round trip for ordinary statements, bounded memory for huge ones. */
    static final int CHUNK_ROWS = 5_000;
    static final String MARKER = "__wt_table";

    private final WritePlan plan;
    private final ResultSetMetaData metaData;
    private final int marker;
    private final int firstRowColumn;
    private final int rowEnd;
    private long xid;
    // Identity maps: a plan's mappings are the configuration's own objects, and a record's hashCode walks every field.
    private final Map<TableMapping, int[]> oldKeys = new IdentityHashMap<>();
    private final ColumnCodec[] types;
    private final Map<TableMapping, EntryEncoder> encoders = new IdentityHashMap<>();
    private final int columnCount;
    /**
     * Keys put by this statement (by this entry, in a batch): a later row's old key must not delete a key an earlier
     * row of the same statement moved to.
     */
    private KeySet putKeys;
    /** Where the current execution's entries go, and how it finds a row's table; set while it drains. */
    private EntrySink sink;
    private TableResolver tables;

    /** Which table a returned row came from, by the table id its marker column carries. */
    @FunctionalInterface
    interface TableResolver {
        TableName tableOf(long tableId) throws SQLException;
    }

    /**
     * A connection's readers, kept between executions: what a reader derives from the result's layout (the marker, the
     * column types, the encoders) is the same every time, as the plan fixes the RETURNING clause. Kept per connection
     * rather than per statement because applications and ORMs prepare a new statement for almost every execution.
     * A reader is taken out while it drains, so two threads sharing a connection never share one.
     */
    static final class Cache {
        /** Plans a connection typically alternates between; the least recently used reader makes room. */
        static final int SIZE = 32;
        private final ReturnedRows[] readers = new ReturnedRows[SIZE];

        synchronized ReturnedRows take(WritePlan plan) {
            for (int i = 0; i < SIZE; i++) {
                ReturnedRows reader = readers[i];
                if (reader != null && reader.plan == plan) {
                    System.arraycopy(readers, i + 1, readers, i, SIZE - 1 - i);
                    readers[SIZE - 1] = null;
                    return reader;
                }
            }
            return null;
        }

        /** Puts a reader back as the most recently used. */
        synchronized void keep(ReturnedRows reader) {
            System.arraycopy(readers, 0, readers, 1, SIZE - 1);
            readers[0] = reader;
        }
    }

    private ReturnedRows(WritePlan plan, ResultSetMetaData metaData, Dialect dialect) throws SQLException {
        this.plan = plan;
        this.metaData = metaData;
        int count = metaData.getColumnCount();
        this.columnCount = count;
        int found = 0;
        for (int i = 1; i <= count; i++) {
            if (MARKER.equals(metaData.getColumnLabel(i))) {
                found = i;
                break;
            }
        }
        if (found == 0) {
            throw new SQLException("writethrough: internal error: the returned rows carry no " + MARKER + " column");
        }
        this.marker = found;
        // The transaction id follows the marker; the row's own columns follow it.
        this.firstRowColumn = found + 2;
        this.rowEnd = count - plan.oldKeyColumns() - plan.extraColumns();
        // Only the row and old-key columns are encoded; the application's own columns are not looked at.
        this.types = new ColumnCodec[count + 1];
        for (int i = firstRowColumn; i <= count; i++) {
            types[i] = dialect.codec(metaData, i);
        }
    }

    /**
     * What one execution returned: the application's columns when it keeps them (else {@code null}), how many rows
     * there were, the writing transaction's id (0 when no row came back), and the non-null values of the plan's
     * extra columns ({@link WritePlan#withExtraColumns}), row by row.
     */
    record Written(MaterializedResultSet kept, long rows, long xid, List<String> extras) {
    }

    /**
     * Writes every returned row through and returns the application's columns when {@code keep} is set. Closes
     * {@code rows}.
     *
     * @param entries for the rows of a batch, which entry each belongs to; null when the rows are one statement's. A
     *     key-changing UPDATE needs them: its entries ran one after the other, so a key one entry moved a row to may
     *     be left by the next, while within one statement the moves are simultaneous.
     */
    static Written writeThrough(WritePlan plan, ResultSet rows, BatchEntries entries, boolean keep, long keepAtMost,
            Statement owner, Cache cache, EntrySink sink, TableResolver tables, Dialect dialect) throws SQLException {
        try (rows) {
            ResultSetMetaData metaData = rows.getMetaData();
            int count = metaData.getColumnCount();
            if (count == 0) {
                // pgjdbc's generated keys of a batch none of whose entries touched a row: no columns, no rows.
                return new Written(keep ? MaterializedResultSet.empty(owner) : null, 0, 0, List.of());
            }
            ReturnedRows reader = cache.take(plan);
            // A different column count means the table changed (ALTER TABLE): derive the layout again.
            if (reader == null || reader.columnCount != count) {
                reader = new ReturnedRows(plan, metaData, dialect);
            }
            reader.sink = sink;
            reader.tables = tables;
            try {
                Written written = reader.drain(rows, entries, metaData, keep, keepAtMost, owner);
                cache.keep(reader);
                return written;
            } finally {
                reader.sink = null;
                reader.tables = null;
            }
        }
    }

    private Written drain(ResultSet rows, BatchEntries entries, ResultSetMetaData metaData, boolean keep, long keepAtMost,
            Statement owner) throws SQLException {
        xid = 0;
        putKeys = plan.keyChange() ? new KeySet() : null;
        MaterializedResultSet.Builder kept = keep ? MaterializedResultSet.builder(metaData, marker - 1) : null;
        List<EntryWrite> deletes = new ArrayList<>();
        List<EntryWrite> puts = new ArrayList<>();
        List<EntryWrite> writes = new ArrayList<>();
        int pending = 0;
        long count = 0;
        List<String> extras = plan.extraColumns() == 0 ? List.of() : new ArrayList<>();
        while (rows.next()) {
            count++;
            if (entries != null && entries.startsEntry()) {
                // The previous entry's writes go first, as the database ran it first.
                endEntry(deletes, puts, writes);
                if (putKeys != null) {
                    putKeys = new KeySet();
                }
            }
            if (xid == 0) {
                xid = rows.getLong(marker + 1);
            }
            for (int i = columnCount - plan.extraColumns() + 1; i <= columnCount; i++) {
                String extra = rows.getString(i);
                if (extra != null) {
                    extras.add(extra);
                }
            }
            if (kept != null && (keepAtMost == 0 || kept.rowCount() < keepAtMost)) {
                kept.addCurrentRow(rows);
            }
            EntryEncoder encoder = encoderFor(rows);
            if (encoder != null) {
                add(encoder, rows, deletes, puts);
            }
            if (++pending == CHUNK_ROWS) {
                writes = flush(deletes, puts, writes);
                pending = 0;
            }
        }
        if (entries != null) {
            entries.checkAllRead();
        }
        flush(deletes, puts, writes);
        putKeys = null;
        return new Written(kept == null ? null : kept.build(owner), count, xid, extras);
    }

    private void add(EntryEncoder encoder, ResultSet rows, List<EntryWrite> deletes, List<EntryWrite> puts) throws SQLException {
        // A row with a NULL key column has no entry (the key could not be rendered).
        String key = encoder.key(rows);
        if (plan.operation() == Operation.DELETE) {
            if (key != null) {
                deletes.add(encoder.delete(key));
            }
            return;
        }
        if (putKeys != null) {
            String old = encoder.keyFrom(rows, oldKeys.get(encoder.mapping()));
            if (old != null && !old.equals(key) && !putKeys.contains(old)) {
                deletes.add(encoder.delete(old));
            }
            if (key != null) {
                putKeys.add(key);
            }
        }
        if (key != null) {
            puts.add(encoder.put(key, rows));
        }
    }

    /** Deletes first: within one statement a row may move to a key another row just left. */
    private static void endEntry(List<EntryWrite> deletes, List<EntryWrite> puts, List<EntryWrite> writes) {
        writes.addAll(deletes);
        writes.addAll(puts);
        deletes.clear();
        puts.clear();
    }

    /** Hands the writes gathered so far to the sink; returns the list to gather the next ones in. */
    private List<EntryWrite> flush(List<EntryWrite> deletes, List<EntryWrite> puts, List<EntryWrite> writes)
            throws SQLException {
        endEntry(deletes, puts, writes);
        if (writes.isEmpty()) {
            return writes;
        }
        sink.write(writes, xid);
        return new ArrayList<>();
    }

    /** The encoder of the mapping the current row belongs to, or {@code null} if no mapping applies. */
    private EntryEncoder encoderFor(ResultSet rows) throws SQLException {
        if (!plan.writesEntries()) {
            return null;
        }
        TableMapping mapping;
        if (plan.needsTableCheck()) {
            TableName table = tables.tableOf(rows.getLong(marker));
            mapping = plan.mappingFor(table);
            if (mapping == null) {
                return null;
            }
        } else {
            mapping = plan.mappings().get(0);
        }
        EntryEncoder encoder = encoders.get(mapping);
        if (encoder == null) {
            encoder = newEncoder(mapping);
            encoders.put(mapping, encoder);
        }
        return encoder;
    }

    private EntryEncoder newEncoder(TableMapping mapping) throws SQLException {
        // A DELETE returns only the key columns: there is no value to build.
        EntryEncoder encoder = EntryEncoder.forColumns(mapping, metaData, firstRowColumn, rowEnd, types,
                plan.operation() == Operation.DELETE);
        List<String> keyColumns = mapping.key().columns();
        if (plan.keyChange()) {
            // The old key columns come last, in the plan's order; the template may list them in another.
            List<String> oldNames = plan.oldKeyColumnNames();
            int[] old = new int[keyColumns.size()];
            for (int i = 0; i < old.length; i++) {
                int at = oldNames.indexOf(keyColumns.get(i));
                if (at < 0) {
                    throw new SQLException("writethrough: internal error: the old value of key column '" + keyColumns.get(i)
                            + "' of table " + mapping.table() + " was not returned");
                }
                old[i] = rowEnd + 1 + at;
            }
            oldKeys.put(mapping, old);
        }
        return encoder;
    }
}
