package io.writethrough.write;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.writethrough.dialect.ColumnCodec;
import io.writethrough.dialect.Dialect;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import io.writethrough.mapping.ValueFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.sql.ResultSetMetaData;

/**
 * Turns the current row of a returned result set into the Redis entry of one mapped table.
 * Built from a result set's layout and kept with it (the connection's row-layout cache keeps it across executions);
 * not thread-safe.
 */
public final class EntryEncoder {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final TableMapping mapping;
    private final ColumnCodec[] types;
    private final int[] keyColumns;
    private final int[] storedColumns;
    private final byte[][] storedNames;
    private final String[] storedLabels;
    private final long ttlMillis;
    /** The table as the metrics name it, made once. */
    private final String table;
    private final List<String> keyValues;
    /** The JSON documents' buffer and generator, made at the first JSON row and kept while rows encode cleanly. */
    private ByteArrayOutputStream jsonOut;
    private JsonGenerator jsonGenerator;

    /**
     * @param mapping       the table's mapping
     * @param types         column types indexed by result-set column (index 0 unused)
     * @param keyColumns    result-set columns of the key template's placeholders, in template order
     * @param storedColumns result-set columns stored in the value
     * @param storedLabels  the field/member name of each stored column
     */
    public EntryEncoder(TableMapping mapping, ColumnCodec[] types, int[] keyColumns, int[] storedColumns, String[] storedLabels) {
        this.mapping = mapping;
        this.types = types;
        this.keyColumns = keyColumns;
        this.storedColumns = storedColumns;
        this.storedLabels = storedLabels;
        this.storedNames = new byte[storedLabels.length][];
        for (int i = 0; i < storedLabels.length; i++) {
            storedNames[i] = storedLabels[i].getBytes(StandardCharsets.UTF_8);
        }
        this.ttlMillis = mapping.ttlSeconds() * 1000;
        this.table = mapping.table().toString();
        this.keyValues = new ArrayList<>(keyColumns.length);
    }

    /**
     * The encoder for rows whose own columns are {@code first..last} of {@code metaData} (1-based, as labelled by the
     * database), with {@code codecs} indexed by column. {@code keyOnly}: the rows carry only the key (a DELETE), so
     * entries are deletions and no value is built. Refuses a mapping that names a column the rows lack.
     */
    public static EntryEncoder forColumns(TableMapping mapping, ResultSetMetaData metaData, int first, int last,
            ColumnCodec[] codecs, boolean keyOnly) throws SQLException {
        Map<String, Integer> byLabel = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            String label = metaData.getColumnLabel(i);
            byLabel.putIfAbsent(label, i);
            labels.add(label);
        }
        List<String> keyColumns = mapping.key().columns();
        int[] key = new int[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = column(byLabel, keyColumns.get(i), mapping, "key template '" + mapping.key().source() + "'", labels);
        }
        int[] stored;
        String[] storedLabels;
        if (keyOnly) {
            stored = new int[0];
            storedLabels = new String[0];
        } else if (mapping.storesAllColumns()) {
            stored = new int[labels.size()];
            storedLabels = labels.toArray(String[]::new);
            for (int i = 0; i < stored.length; i++) {
                stored[i] = first + i;
            }
        } else {
            List<String> columns = mapping.columns();
            stored = new int[columns.size()];
            storedLabels = columns.toArray(String[]::new);
            for (int i = 0; i < stored.length; i++) {
                stored[i] = column(byLabel, columns.get(i), mapping, "table." + mapping.table() + ".columns", labels);
            }
        }
        return new EntryEncoder(mapping, codecs, key, stored, storedLabels);
    }

    /**
     * The encoder for the rows of a query on the mapping's table alone ({@code SELECT *}, or only its key columns when
     * {@code keyOnly}), with the dialect's codec for each of its columns.
     */
    public static EntryEncoder forRows(TableMapping mapping, ResultSetMetaData metaData, Dialect dialect, boolean keyOnly)
            throws SQLException {
        ColumnCodec[] codecs = new ColumnCodec[metaData.getColumnCount() + 1];
        for (int c = 1; c < codecs.length; c++) {
            codecs[c] = dialect.codec(metaData, c);
        }
        return forColumns(mapping, metaData, 1, codecs.length - 1, codecs, keyOnly);
    }

    private static int column(Map<String, Integer> byLabel, String column, TableMapping mapping, String where, List<String> labels)
            throws SQLException {
        Integer index = byLabel.get(column);
        if (index == null) {
            throw new SQLException("writethrough: table " + mapping.table() + " has no column '" + column + "' named in " + where
                    + " (its columns: " + String.join(", ", labels) + "); fix the mapping file", "42703");
        }
        return index;
    }

    public TableMapping mapping() {
        return mapping;
    }

    /** The key of the current row, or {@code null} when a key column is NULL (such a row has no entry). */
    public String key(ResultSet rs) throws SQLException {
        return keyFrom(rs, keyColumns);
    }

    /** The key rendered from other columns of the current row (the old key of a key-changing UPDATE), or null. */
    public String keyFrom(ResultSet rs, int[] columns) throws SQLException {
        return readKeyValues(rs, columns) ? mapping.key().render(keyValues) : null;
    }

    /**
     * The canonical text of the current row's key columns, in template order (a new list), or {@code null} when one is
     * NULL: what {@link #key} renders, and what {@link io.writethrough.dialect.Dialect#rowsByKey} looks rows up by.
     */
    public List<String> keyValues(ResultSet rs) throws SQLException {
        return readKeyValues(rs, keyColumns) ? List.copyOf(keyValues) : null;
    }

    private boolean readKeyValues(ResultSet rs, int[] columns) throws SQLException {
        keyValues.clear();
        for (int column : columns) {
            String text = types[column].text(rs, column);
            if (text == null) {
                return false;
            }
            keyValues.add(text);
        }
        return true;
    }

    /** The deletion of the entry under {@code key}. */
    public EntryWrite delete(String key) {
        return EntryWrite.delete(key, table);
    }

    /** The entry holding the current row's stored columns under {@code key}. */
    public EntryWrite put(String key, ResultSet rs) throws SQLException {
        return mapping.format() == ValueFormat.JSON ? json(key, rs) : hash(key, rs);
    }

    private EntryWrite hash(String key, ResultSet rs) throws SQLException {
        List<byte[]> fields = new ArrayList<>(2 * storedColumns.length);
        for (int i = 0; i < storedColumns.length; i++) {
            String text = types[storedColumns[i]].text(rs, storedColumns[i]);
            if (text != null) {
                fields.add(storedNames[i]);
                fields.add(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        return EntryWrite.hash(key, fields, ttlMillis, table);
    }

    /**
     * One generator serves every row: making one per row (an I/O context, buffers taken from and given back to
     * Jackson's recycler) was a tenth of {@code writethrough-cli warm}'s main thread. A row that fails part-way
     * leaves the generator inside its document, so it is dropped and the next row makes a new one.
     */
    private EntryWrite json(String key, ResultSet rs) throws SQLException {
        boolean encoded = false;
        try {
            if (jsonGenerator == null) {
                jsonOut = new ByteArrayOutputStream(64 + 32 * storedColumns.length);
                jsonGenerator = JSON.createGenerator(jsonOut, JsonEncoding.UTF8);
                // No separator between root values: the generator writes the documents of many rows, one per row.
                jsonGenerator.setRootValueSeparator(null);
            }
            jsonOut.reset();
            JsonGenerator g = jsonGenerator;
            g.writeStartObject();
            for (int i = 0; i < storedColumns.length; i++) {
                g.writeFieldName(storedLabels[i]);
                types[storedColumns[i]].json(g, rs, storedColumns[i]);
            }
            g.writeEndObject();
            g.flush();
            encoded = true;
        } catch (IOException e) {
            // Only a json/jsonb column whose text is not JSON could get here; writing to memory cannot fail.
            throw new UncheckedIOException(e);
        } finally {
            if (!encoded) {
                jsonGenerator = null;
            }
        }
        return EntryWrite.json(key, jsonOut.toByteArray(), ttlMillis, table);
    }
}
