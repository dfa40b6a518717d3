package io.writethrough.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.StoredEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an entry as the driver's encoder renders it from the row with what Redis holds. Hashes compare field by
 * field, byte for byte. JSON documents compare member by member: the same text matches at once; otherwise each
 * member's scalar text (numbers as written: {@code 5.00} is not {@code 5.0}) or, for an object or array, its exact
 * text; member order is free. TTLs are not compared (they count down).
 */
final class EntryCheck {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int SHOWN = 80;
    /** The field named when the key holds another Redis type. */
    static final String TYPE = "(type)";

    /** How an entry differs: a whole entry missing ({@code field} null), or the first field or member that differs. */
    record Mismatch(Difference.Kind kind, String field, String redisValue, String databaseValue) {
    }

    private EntryCheck() {
    }

    /** Null when {@code stored} equals {@code expected}. */
    static Mismatch compare(EntryWrite expected, StoredEntry stored) {
        boolean hash = expected.kind() == EntryWrite.Kind.HASH;
        // A row whose stored columns are all NULL has no hash at all.
        boolean expectAbsent = hash && expected.payload().isEmpty();
        if (stored.type() == StoredEntry.Type.ABSENT) {
            return expectAbsent ? null : new Mismatch(Difference.Kind.MISSING, null, null, null);
        }
        if (stored.type() == StoredEntry.Type.OTHER) {
            return new Mismatch(Difference.Kind.STALE, TYPE, "another type", hash ? "hash" : "string");
        }
        return hash ? compareHash(expected.payload(), stored.items()) : compareJson(expected.payload().get(0), stored.items().get(0));
    }

    private static Mismatch compareHash(List<byte[]> expected, List<byte[]> stored) {
        Map<String, byte[]> held = new HashMap<>();
        for (int i = 0; i < stored.size(); i += 2) {
            held.put(text(stored.get(i)), stored.get(i + 1));
        }
        for (int i = 0; i < expected.size(); i += 2) {
            String field = text(expected.get(i));
            byte[] value = held.remove(field);
            if (value == null || !Arrays.equals(value, expected.get(i + 1))) {
                return stale(field, value == null ? null : shown(text(value)), shown(text(expected.get(i + 1))));
            }
        }
        for (Map.Entry<String, byte[]> extra : held.entrySet()) {
            return stale(extra.getKey(), shown(text(extra.getValue())), null);
        }
        return null;
    }

    private static Mismatch compareJson(byte[] expected, byte[] stored) {
        if (Arrays.equals(expected, stored)) {
            return null;
        }
        Map<String, String> want = members(expected);
        Map<String, String> held = members(stored);
        if (held == null) {
            return stale("(document)", shown(text(stored)), "a JSON object");
        }
        for (Map.Entry<String, String> member : want.entrySet()) {
            String value = held.remove(member.getKey());
            if (!member.getValue().equals(value)) {
                return stale(member.getKey(), shown(value), shown(member.getValue()));
            }
        }
        for (Map.Entry<String, String> extra : held.entrySet()) {
            return stale(extra.getKey(), shown(extra.getValue()), null);
        }
        return null;
    }

    /** Each member's value as text (a string's text quoted), or null when the document is not a JSON object. */
    private static Map<String, String> members(byte[] document) {
        Map<String, String> members = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    int from = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int to = (int) parser.currentLocation().getByteOffset();
                    members.put(name, new String(document, from, to - from, StandardCharsets.UTF_8));
                } else {
                    members.put(name, token == JsonToken.VALUE_STRING ? '"' + parser.getText() + '"' : parser.getText());
                }
            }
            return members;
        } catch (IOException e) {
            return null;
        }
    }

    private static Mismatch stale(String field, String redisValue, String databaseValue) {
        return new Mismatch(Difference.Kind.STALE, field, redisValue, databaseValue);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value as a difference shows it: shortened, control characters escaped. */
    static String shown(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < SHOWN; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > out.length() && out.length() >= SHOWN ? out + "…(" + value.length() + " chars)" : out.toString();
    }
}
