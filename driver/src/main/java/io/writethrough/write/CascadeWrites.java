package io.writethrough.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.writethrough.dialect.Dialect;
import io.writethrough.mapping.TableMapping;
import io.writethrough.redis.EntryWrite;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes through the mapped rows a statement's foreign-key actions deleted or changed. The statement returned, per
 * written row, the keys those rows had before the actions ran (see {@link io.writethrough.dialect.WriteReach#cascading});
 * afterwards each is read again with the same share-locked read as everywhere else: a row still there is written as
 * it now is, a row gone has its entry deleted. A row whose key the action changed (its foreign key is part of the key
 * and {@code ON UPDATE CASCADE} moved it) has its old entry deleted; its new one is a miss until it is next written.
 */
final class CascadeWrites {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Connection real;
    private final String database;
    private final Dialect dialect;
    private final List<TableMapping> mappings;

    CascadeWrites(Connection real, String database, Dialect dialect, List<TableMapping> mappings) {
        this.real = real;
        this.database = database;
        this.dialect = dialect;
        this.mappings = mappings;
    }

    /**
     * Writes the rows {@code reads} name (the extra columns' JSON values) to {@code sink}, as transaction {@code xid};
     * tells {@code unseen} how many rows of each table it wrote.
     */
    void writeThrough(List<String> reads, long xid, EntrySink sink, UnseenWrites unseen) throws SQLException {
        Map<String, Set<List<String>>> keysByTable = new LinkedHashMap<>();
        for (String read : reads) {
            parse(read, keysByTable);
        }
        for (Map.Entry<String, Set<List<String>>> table : keysByTable.entrySet()) {
            TableMapping mapping = mapping(table.getKey());
            if (mapping == null || table.getValue().isEmpty()) {
                continue;
            }
            List<EntryWrite> writes = entries(mapping, new ArrayList<>(table.getValue()));
            if (!writes.isEmpty()) {
                sink.write(writes, xid);
            }
            unseen.saw(mapping.table().name(), table.getValue().size());
        }
    }

    /** Deletions of the entries whose rows are gone, then the entries of the rows still there. */
    private List<EntryWrite> entries(TableMapping mapping, List<List<String>> databaseTexts) throws SQLException {
        Map<String, List<String>> before = new LinkedHashMap<>();
        try (PreparedStatement query = dialect.keyRows(real, database, mapping, databaseTexts);
                ResultSet rs = query.executeQuery()) {
            EntryEncoder encoder = EntryEncoder.forRows(mapping, rs.getMetaData(), dialect, true);
            while (rs.next()) {
                String key = encoder.key(rs);
                if (key != null) {
                    before.put(key, encoder.keyValues(rs));
                }
            }
        }
        List<EntryWrite> puts = new ArrayList<>();
        Set<String> present = new HashSet<>();
        if (!before.isEmpty()) {
            try (PreparedStatement query = dialect.rowsByKey(real, database, mapping, new ArrayList<>(before.values()),
                    Dialect.RowLock.SHARE); ResultSet rs = query.executeQuery()) {
                EntryEncoder encoder = EntryEncoder.forRows(mapping, rs.getMetaData(), dialect, false);
                while (rs.next()) {
                    String key = encoder.key(rs);
                    present.add(key);
                    puts.add(encoder.put(key, rs));
                }
            }
        }
        List<EntryWrite> writes = new ArrayList<>(before.size());
        for (String key : before.keySet()) {
            if (!present.contains(key)) {
                writes.add(EntryWrite.delete(key, mapping.table().toString()));
            }
        }
        writes.addAll(puts);
        return writes;
    }

    private TableMapping mapping(String table) {
        for (TableMapping mapping : mappings) {
            if (mapping.table().toString().equals(table)) {
                return mapping;
            }
        }
        return null;
    }

    /** Adds the keys of one {@code {"table": ..., "keys": [[...], ...]}} value. */
    private static void parse(String read, Map<String, Set<List<String>>> keysByTable) throws SQLException {
        try (JsonParser json = JSON.createParser(read)) {
            String table = null;
            List<List<String>> keys = new ArrayList<>();
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.getCurrentName();
                JsonToken value = json.nextToken();
                if ("table".equals(field)) {
                    table = json.getText();
                } else if ("keys".equals(field) && value == JsonToken.START_ARRAY) {
                    while (json.nextToken() == JsonToken.START_ARRAY) {
                        List<String> key = new ArrayList<>();
                        while (json.nextToken() != JsonToken.END_ARRAY) {
                            key.add(json.getValueAsString());
                        }
                        keys.add(key);
                    }
                } else {
                    json.skipChildren();
                }
            }
            if (table != null) {
                keysByTable.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(keys);
            }
        } catch (IOException e) {
            throw new SQLException("writethrough: internal error: a foreign-key read returned malformed JSON", e);
        }
    }
}
