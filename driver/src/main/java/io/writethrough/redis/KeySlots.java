package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis Cluster hash slots: which of the 16,384 slots a key lives in (CRC16 of the key, or of its first non-empty
 * <code>{hash tag}</code>, as Redis computes it), and for each slot a short tag that hashes to it, with which the
 * driver names its own keys so that they live in the slot of the entry they belong to.
 */
final class KeySlots {

    /** Slots in a Redis Cluster. */
    static final int COUNT = 16_384;

    private KeySlots() {
    }

    /** The slot of a key given as UTF-8 bytes. */
    static int of(byte[] key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** The slot of a key. */
    static int of(String key) {
        return of(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A short text of letters and digits whose slot is {@code slot}: <code>{tag}</code> puts a key in that slot. */
    static String tag(int slot) {
        return Tags.TAGS[slot];
    }

    /** <code>{tag}</code> of {@code slot} as ASCII bytes, built once per slot (every cluster mark and tombstone). */
    static byte[] bracedTag(int slot) {
        return Tags.BRACED[slot];
    }

    /** Built on first use (only a clustered Redis needs it): the shortest tag found for each slot. */
    private static final class Tags {

        private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
        static final String[] TAGS = build();
        static final byte[][] BRACED = new byte[COUNT][];

        static {
            for (int slot = 0; slot < COUNT; slot++) {
                BRACED[slot] = ("{" + TAGS[slot] + "}").getBytes(StandardCharsets.US_ASCII);
            }
        }

        private static String[] build() {
            String[] tags = new String[COUNT];
            int found = 0;
            byte[] text = new byte[4];
            for (int length = 1; length <= 4 && found < COUNT; length++) {
                int combinations = (int) Math.pow(ALPHABET.length(), length);
                for (int n = 0; n < combinations && found < COUNT; n++) {
                    int rest = n;
                    for (int i = length - 1; i >= 0; i--) {
                        text[i] = (byte) ALPHABET.charAt(rest % ALPHABET.length());
                        rest /= ALPHABET.length();
                    }
                    byte[] candidate = java.util.Arrays.copyOf(text, length);
                    int slot = JedisClusterCRC16.getCRC16(candidate) & (COUNT - 1);
                    if (tags[slot] == null) {
                        tags[slot] = new String(candidate, StandardCharsets.US_ASCII);
                        found++;
                    }
                }
            }
            if (found < COUNT) {
                throw new IllegalStateException("no tag of up to 4 letters or digits for " + (COUNT - found) + " slots");
            }
            return tags;
        }
    }
}
