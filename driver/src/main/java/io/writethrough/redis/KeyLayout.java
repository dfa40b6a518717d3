package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the driver names its own keys next to an entry: the ownership mark of key {@code K} and the tombstone of a
 * transaction.
 *
 * <p>One Redis: {@code writethrough:own:K}, {@code writethrough:done:<tx>}. Redis Cluster runs a script only when every
 * key it touches lives in one hash slot, so there the mark carries a hash tag that hashes to {@code K}'s slot,
 * {@code writethrough:own:{T}K}, and a transaction has a tombstone in each slot it writes,
 * {@code writethrough:done:{T}<tx>}. The tag is the driver's choice, never a change to the user's key: {@code K} is
 * kept whole after it, so a mark names exactly one key.
 */
public enum KeyLayout {

    /** One Redis (standalone, or the master Sentinel names): every key in one keyspace. */
    STANDALONE {
        @Override
        byte[] markOf(byte[] key) {
            return concat(MARK_PREFIX, key);
        }

        @Override
        public String keyOfMark(String mark) {
            return mark.substring(OwnershipProtocol.MARK_PREFIX.length());
        }

        @Override
        byte[] tombstone(String tx, int slot) {
            return OwnershipProtocol.bytes(OwnershipProtocol.TOMBSTONE_PREFIX + tx);
        }

        @Override
        int slotOf(byte[] key) {
            return 0;
        }

        @Override
        byte[] refillSet(int slot) {
            return REFILL_PREFIX;
        }
    },

    /** Redis Cluster: the driver's keys carry a hash tag of the entry's slot. */
    CLUSTER {
        @Override
        byte[] markOf(byte[] key) {
            return concat(tagged(MARK_PREFIX, KeySlots.of(key)), key);
        }

        @Override
        public String keyOfMark(String mark) {
            int close = mark.indexOf('}', OwnershipProtocol.MARK_PREFIX.length());
            return mark.substring(close + 1);
        }

        @Override
        byte[] tombstone(String tx, int slot) {
            return concat(tagged(TOMBSTONE_PREFIX, slot), OwnershipProtocol.bytes(tx));
        }

        @Override
        int slotOf(byte[] key) {
            return KeySlots.of(key);
        }

        @Override
        byte[] refillSet(int slot) {
            return tagged(TAGGED_REFILL_PREFIX, slot);
        }
    };

    private static final byte[] MARK_PREFIX = OwnershipProtocol.bytes(OwnershipProtocol.MARK_PREFIX);
    private static final byte[] TOMBSTONE_PREFIX = OwnershipProtocol.bytes(OwnershipProtocol.TOMBSTONE_PREFIX);
    private static final byte[] REFILL_PREFIX = OwnershipProtocol.bytes(OwnershipProtocol.REFILL_PREFIX);
    private static final byte[] TAGGED_REFILL_PREFIX = OwnershipProtocol.bytes(OwnershipProtocol.REFILL_PREFIX + ":");

    /** The ownership mark of an entry key given as UTF-8. */
    abstract byte[] markOf(byte[] key);

    /** The ownership mark of an entry key. */
    public String markKey(String key) {
        return new String(markOf(OwnershipProtocol.bytes(key)), StandardCharsets.UTF_8);
    }

    /** The entry key a mark stands for. */
    public abstract String keyOfMark(String mark);

    /** The tombstone of a rolled-back transaction, in {@code slot} (one Redis: the only one). */
    abstract byte[] tombstone(String tx, int slot);

    /** The hash slot of a key given as UTF-8: what groups the keys of one script (one Redis: always 0). */
    abstract int slotOf(byte[] key);

    /** The set of keys waiting for a refill, in {@code slot} (one Redis: the only one). */
    abstract byte[] refillSet(int slot);

    /** The refill set an entry key goes to. */
    String refillSetOf(String key) {
        return new String(refillSet(slotOf(OwnershipProtocol.bytes(key))), StandardCharsets.UTF_8);
    }

    private static byte[] tagged(byte[] prefix, int slot) {
        return concat(prefix, KeySlots.bracedTag(slot));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
