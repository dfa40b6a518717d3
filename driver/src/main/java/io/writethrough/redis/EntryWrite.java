package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One change to one Redis entry, produced from one returned row.
 *
 * @param key       the rendered key
 * @param kind      hash, json or delete
 * @param payload   hash: field, value, field, value…; json: the document; delete: empty
 * @param ttlMillis expiry applied with the write, or 0 for none
 * @param table     the mapped table whose row it comes from, as the metrics name it; or {@code null}
 */
public record EntryWrite(String key, Kind kind, List<byte[]> payload, long ttlMillis, String table) {

    /** What the write does; the code is what the Lua script reads. */
    public enum Kind {
        HASH("H"), JSON("J"), DELETE("D");

        final byte[] code;

        Kind(String code) {
            this.code = code.getBytes(StandardCharsets.US_ASCII);
        }
    }

    public EntryWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        payload = payload == null ? List.of() : payload;
    }

    public static EntryWrite delete(String key) {
        return delete(key, null);
    }

    public static EntryWrite delete(String key, String table) {
        return new EntryWrite(key, Kind.DELETE, List.of(), 0, table);
    }

    public static EntryWrite hash(String key, List<byte[]> fieldsAndValues, long ttlMillis) {
        return hash(key, fieldsAndValues, ttlMillis, null);
    }

    public static EntryWrite hash(String key, List<byte[]> fieldsAndValues, long ttlMillis, String table) {
        return new EntryWrite(key, Kind.HASH, fieldsAndValues, ttlMillis, table);
    }

    public static EntryWrite json(String key, byte[] document, long ttlMillis) {
        return json(key, document, ttlMillis, null);
    }

    public static EntryWrite json(String key, byte[] document, long ttlMillis, String table) {
        return new EntryWrite(key, Kind.JSON, List.of(document), ttlMillis, table);
    }

    public boolean isDelete() {
        return kind == Kind.DELETE;
    }
}
