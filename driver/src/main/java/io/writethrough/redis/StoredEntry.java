package io.writethrough.redis;

import java.util.List;

/**
 * What Redis holds under one entry key, as read by {@link RedisReader#readEntries}.
 *
 * @param type   what the key holds
 * @param items  {@link Type#HASH}: field, value, field, value…; {@link Type#STRING}: the one value; otherwise empty
 * @param marked whether an ownership mark ({@code writethrough:own:<key>}) stands next to it: some transaction, live
 *               or ended without the driver, owns the key (only when asked for)
 */
public record StoredEntry(Type type, List<byte[]> items, boolean marked) {

    /** What a key holds. */
    public enum Type {
        /** No such key. */
        ABSENT,
        /** A hash (read with {@code HGETALL}). */
        HASH,
        /** A string (read with {@code GET}). */
        STRING,
        /** Another type than the one asked for (a string where a hash was expected, a list, ...). */
        OTHER
    }

    public StoredEntry {
        items = List.copyOf(items);
    }
}
