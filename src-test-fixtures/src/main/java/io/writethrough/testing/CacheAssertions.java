package io.writethrough.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.mapping.ValueFormat;
import redis.clients.jedis.UnifiedJedis;

/**
 * The test oracle: compares what Redis holds with what the database holds, per docs/design.md#what-lands-in-redis.
 *
 * <p>For each mapping, every row of the table ({@code SELECT *}, schema-qualified when the mapping is) gives an
 * expected key ({@link io.writethrough.mapping.KeyTemplate#render} of the key columns' canonical text) and an
 * expected value: for {@code hash}, one field per non-NULL mapped column holding its canonical text; for
 * {@code json}, an object with one member per mapped column, compared semantically (member order free, numbers
 * by exact decimal text). Then Redis is scanned for keys starting with the template's literal prefix: one that
 * no row of any given mapping expects is an extra key. Rows with a NULL key column expect no entry.
 *
 * <p>The canonical text and JSON rules are implemented here independently of the driver's encoder. Only
 * entries are compared, not their TTL. The template's literal prefix must not be empty (put
 * {@link TestRedis#prefix()} in front), or the scan would cover the whole shared Redis.
 */
public final class CacheAssertions {

    private static final int SHOWN_CHARS = 200;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*\\}");

    private CacheAssertions() {
    }

    /**
     * Asserts that Redis holds exactly one entry per row, equal to it, and no entry without a row.
     *
     * @throws AssertionError listing every difference, grouped by table
     */
    public static void assertRedisMatchesDatabase(Connection db, UnifiedJedis redis, Collection<TableMapping> mappings) {
        failOn(differences(db, redis, mappings, MissingKeyPolicy.REPORT));
    }

    /**
     * Asserts that every entry present in Redis equals its row and that no entry exists without a row;
     * absent entries are allowed (cache misses). For fault tests.
     *
     * @throws AssertionError listing every difference, grouped by table
     */
    public static void assertNoStaleEntries(Connection db, UnifiedJedis redis, Collection<TableMapping> mappings) {
        failOn(differences(db, redis, mappings, MissingKeyPolicy.ALLOW));
    }

    /** Every difference, absent entries included; empty when Redis matches the database. */
    public static List<CacheDifference> differences(Connection db, UnifiedJedis redis, Collection<TableMapping> mappings) {
        return differences(db, redis, mappings, MissingKeyPolicy.REPORT);
    }

    /** Every difference, with absent entries reported or allowed as {@code missingKeys} says. */
    public static List<CacheDifference> differences(Connection db, UnifiedJedis redis, Collection<TableMapping> mappings,
                                                    MissingKeyPolicy missingKeys) {
        Map<TableMapping, List<CacheDifference>> found = new LinkedHashMap<>();
        Set<String> expectedKeys = new HashSet<>();
        for (TableMapping mapping : mappings) {
            if (mapping.key().literalPrefix().isEmpty()) {
                throw new IllegalArgumentException("key template '" + mapping.key() + "' of table " + mapping.table()
                        + " has no literal prefix, so finding extra keys would scan the whole Redis;"
                        + " expected a template starting with a test's own prefix, e.g. TestRedis.prefix() + \"user:{id}\"");
            }
            List<CacheDifference> differences = new ArrayList<>();
            Map<String, ExpectedEntry> expected = expectedEntries(db, mapping, differences);
            for (ExpectedEntry entry : expected.values()) {
                compare(redis, mapping, entry, missingKeys, differences);
                expectedKeys.add(entry.key);
            }
            found.put(mapping, differences);
        }
        for (Map.Entry<String, TableMapping> extra : extraKeys(redis, mappings, expectedKeys).entrySet()) {
            found.get(extra.getValue()).add(new CacheDifference(extra.getValue(), CacheDifference.Kind.EXTRA_KEY,
                    extra.getKey(), null, null, null, null));
        }
        return found.values().stream().flatMap(List::stream).toList();
    }

    /**
     * The differences as the assertion message shows them: per mapping a line {@code table (template): N differences},
     * then one indented line per difference.
     */
    public static String report(List<CacheDifference> differences) {
        Map<TableMapping, List<CacheDifference>> byMapping = new LinkedHashMap<>();
        for (CacheDifference difference : differences) {
            byMapping.computeIfAbsent(difference.mapping(), m -> new ArrayList<>()).add(difference);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<TableMapping, List<CacheDifference>> group : byMapping.entrySet()) {
            int count = group.getValue().size();
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(group.getKey().table()).append(" (").append(group.getKey().key()).append("): ")
                    .append(count).append(count == 1 ? " difference" : " differences");
            for (CacheDifference difference : group.getValue()) {
                out.append("\n  ").append(difference.describe());
            }
        }
        return out.toString();
    }

    private static void failOn(List<CacheDifference> differences) {
        if (!differences.isEmpty()) {
            throw new AssertionError(report(differences));
        }
    }

    /** One row's expected entry: either hash fields or a JSON object. */
    private record ExpectedEntry(String key, String row, Map<String, String> fields, ObjectNode json,
                                 Set<String> nullColumns) {
    }

    private static Map<String, ExpectedEntry> expectedEntries(Connection db, TableMapping mapping,
                                                              List<CacheDifference> differences) {
        String sql = "SELECT * FROM " + qualifiedName(mapping.table());
        Map<String, ExpectedEntry> entries = new LinkedHashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                index.put(meta.getColumnName(i), i);
            }
            List<String> keyColumns = mapping.key().columns();
            List<String> valueColumns = mapping.columns() == null ? List.copyOf(index.keySet()) : mapping.columns();
            requireColumns(mapping, index, keyColumns, "key template '" + mapping.key() + "'");
            requireColumns(mapping, index, valueColumns, "mapped columns " + valueColumns);
            while (rows.next()) {
                ExpectedEntry entry = expectedEntry(rows, mapping, index, keyColumns, valueColumns);
                if (entry == null) {
                    continue;
                }
                ExpectedEntry earlier = entries.putIfAbsent(entry.key, entry);
                if (earlier != null) {
                    differences.add(new CacheDifference(mapping, CacheDifference.Kind.DUPLICATE_KEY, entry.key, null,
                            null, null, earlier.row + " and " + entry.row));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read table " + mapping.table() + " to compare it with Redis: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
        return entries;
    }

    private static ExpectedEntry expectedEntry(ResultSet rows, TableMapping mapping, Map<String, Integer> index,
                                               List<String> keyColumns, List<String> valueColumns) throws SQLException {
        List<String> keyValues = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String column : keyColumns) {
            String text = ExpectedValues.text(rows, index.get(column));
            if (text == null) {
                return null;
            }
            keyValues.add(text);
            if (row.length() > 0) {
                row.append(", ");
            }
            row.append(column).append('=').append(text);
        }
        String key = mapping.key().render(keyValues);
        Set<String> nullColumns = new HashSet<>();
        if (mapping.format() == ValueFormat.HASH) {
            Map<String, String> fields = new TreeMap<>();
            for (String column : valueColumns) {
                String text = ExpectedValues.text(rows, index.get(column));
                if (text == null) {
                    nullColumns.add(column);
                } else {
                    fields.put(column, text);
                }
            }
            return new ExpectedEntry(key, row.toString(), fields, null, nullColumns);
        }
        ObjectNode json = ExpectedValues.JSON.createObjectNode();
        for (String column : valueColumns) {
            json.set(column, ExpectedValues.json(rows, index.get(column)));
        }
        return new ExpectedEntry(key, row.toString(), null, json, nullColumns);
    }

    private static void compare(UnifiedJedis redis, TableMapping mapping, ExpectedEntry entry,
                                MissingKeyPolicy missingKeys, List<CacheDifference> differences) {
        String type = redis.type(entry.key);
        String wanted = mapping.format() == ValueFormat.HASH ? "hash" : "string";
        if ("none".equals(type)) {
            if (missingKeys == MissingKeyPolicy.REPORT) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.MISSING_KEY, entry.key, null, null,
                        null, entry.row));
            }
            return;
        }
        if (!wanted.equals(type)) {
            differences.add(new CacheDifference(mapping, CacheDifference.Kind.WRONG_TYPE, entry.key, null, type, wanted,
                    entry.row));
            return;
        }
        if (mapping.format() == ValueFormat.HASH) {
            compareHash(mapping, entry, redis.hgetAll(entry.key), differences);
        } else {
            compareJson(mapping, entry, redis.get(entry.key), differences);
        }
    }

    private static void compareHash(TableMapping mapping, ExpectedEntry entry, Map<String, String> actual,
                                    List<CacheDifference> differences) {
        for (Map.Entry<String, String> field : entry.fields.entrySet()) {
            String held = actual.get(field.getKey());
            if (held == null) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.MISSING_FIELD, entry.key, field.getKey(),
                        null, quoted(field.getValue()), entry.row));
            } else if (!held.equals(field.getValue())) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.STALE_FIELD, entry.key, field.getKey(),
                        quoted(held), quoted(field.getValue()), entry.row));
            }
        }
        for (Map.Entry<String, String> field : new TreeMap<>(actual).entrySet()) {
            if (!entry.fields.containsKey(field.getKey())) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.EXTRA_FIELD, entry.key, field.getKey(),
                        quoted(field.getValue()), entry.nullColumns.contains(field.getKey()) ? "NULL" : null, entry.row));
            }
        }
    }

    private static void compareJson(TableMapping mapping, ExpectedEntry entry, String actualText,
                                    List<CacheDifference> differences) {
        JsonNode actual;
        try {
            actual = ExpectedValues.JSON.readTree(actualText);
        } catch (JsonProcessingException e) {
            differences.add(new CacheDifference(mapping, CacheDifference.Kind.UNREADABLE_VALUE, entry.key, null,
                    quoted(actualText), "not JSON (" + e.getOriginalMessage() + ")", entry.row));
            return;
        }
        if (actual == null || !actual.isObject()) {
            differences.add(new CacheDifference(mapping, CacheDifference.Kind.UNREADABLE_VALUE, entry.key, null,
                    quoted(actualText), "expected a JSON object", entry.row));
            return;
        }
        for (Map.Entry<String, JsonNode> member : entry.json.properties()) {
            JsonNode held = actual.get(member.getKey());
            if (held == null) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.MISSING_MEMBER, entry.key,
                        member.getKey(), null, shown(member.getValue()), entry.row));
            } else if (!JsonEquality.equal(held, member.getValue())) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.STALE_MEMBER, entry.key,
                        member.getKey(), shown(held), shown(member.getValue()), entry.row));
            }
        }
        for (Map.Entry<String, JsonNode> member : actual.properties()) {
            if (!entry.json.has(member.getKey())) {
                differences.add(new CacheDifference(mapping, CacheDifference.Kind.EXTRA_MEMBER, entry.key,
                        member.getKey(), shown(member.getValue()), null, entry.row));
            }
        }
    }

    /**
     * Keys under any mapping's literal prefix that no row expects. Each is attributed to the most specific mapping
     * that could have rendered it: one whose template shape matches the key, with the most literal text.
     */
    private static Map<String, TableMapping> extraKeys(UnifiedJedis redis, Collection<TableMapping> mappings,
                                                       Set<String> expectedKeys) {
        Map<String, TableMapping> extra = new TreeMap<>();
        for (TableMapping mapping : mappings) {
            for (String key : TestRedis.keysStartingWith(redis, mapping.key().literalPrefix())) {
                if (expectedKeys.contains(key)) {
                    continue;
                }
                TableMapping owner = extra.get(key);
                if (owner == null || specificity(mapping, key) > specificity(owner, key)) {
                    extra.put(key, mapping);
                }
            }
        }
        return extra;
    }

    private static int specificity(TableMapping mapping, String key) {
        String template = mapping.key().source();
        StringBuilder shape = new StringBuilder();
        int literalLength = 0;
        int from = 0;
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            shape.append(Pattern.quote(template.substring(from, placeholder.start()))).append(".+?");
            literalLength += placeholder.start() - from;
            from = placeholder.end();
        }
        shape.append(Pattern.quote(template.substring(from)));
        literalLength += template.length() - from;
        boolean fits = Pattern.compile(shape.toString(), Pattern.DOTALL).matcher(key).matches();
        return (fits ? 1_000_000 : 0) + literalLength;
    }

    private static void requireColumns(TableMapping mapping, Map<String, Integer> index, List<String> columns, String what) {
        for (String column : columns) {
            if (!index.containsKey(column)) {
                throw new IllegalArgumentException("table " + mapping.table() + " has no column '" + column + "' named in "
                        + what + "; its columns are " + index.keySet());
            }
        }
    }

    private static String qualifiedName(TableName table) {
        return table.isQualified() ? quotedIdentifier(table.schema()) + "." + quotedIdentifier(table.name())
                : quotedIdentifier(table.name());
    }

    private static String quotedIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String shown(JsonNode value) {
        return shortened(value.toString());
    }

    /** A string as a Java-style literal: quoted, with quotes, backslashes and control characters escaped. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return shortened(out.append('"').toString());
    }

    private static String shortened(String text) {
        return text.length() <= SHOWN_CHARS ? text
                : text.substring(0, SHOWN_CHARS) + "…(" + text.length() + " chars)";
    }
}
