package io.writethrough.journal;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An insertion-ordered set of keys that costs the key's UTF-8 length plus 12 to 24 bytes (about 21 bytes for
 * {@code lu:123456}) rather than a {@code LinkedHashSet}'s hundred or more, so that a statement touching a million rows
 * is tracked in about 20 MB.
 *
 * <p>Keys are stored back to back as UTF-8 in fixed-size byte chunks (never copied when the set grows); {@code starts}
 * holds where each key begins, by position; an open-addressing table of positions (linear probing) answers "seen?".
 * Keys can be taken off the end only ({@link #truncate}), which is all a transaction journal needs: what is forgotten
 * is always what was added last. Not thread-safe.
 */
public final class KeySet {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final int FIRST_CHUNK_SIZE = 128;
    private static final int MIN_SLOTS = 16;

    private byte[][] chunks = new byte[0][];
    /** Total bytes stored; a key's end is the next key's start, or this. */
    private int used;
    private int[] starts = new int[8];
    private int size;
    /** Positions + 1; 0 marks a free slot. Kept at most half full. */
    private int[] slots = new int[MIN_SLOTS];

    /** Adds the key at the end; returns false (and changes nothing) if it is already present. */
    public boolean add(String key) {
        byte[] bytes = utf8(key);
        int hash = hash(bytes);
        int slot = find(bytes, hash);
        if (slots[slot] != 0) {
            return false;
        }
        if (bytes.length > Integer.MAX_VALUE - used) {
            throw new IllegalStateException("writethrough: more than 2 GiB of key names in one transaction");
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
        }
        starts[size] = used;
        append(bytes);
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return true;
    }

    public boolean contains(String key) {
        return indexOf(key) >= 0;
    }

    /** The key's position in insertion order, or -1. */
    public int indexOf(String key) {
        byte[] bytes = utf8(key);
        return slots[find(bytes, hash(bytes))] - 1;
    }

    /** The key at a position, in insertion order. */
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a key set of size " + size);
        }
        return new String(bytesAt(index), StandardCharsets.UTF_8);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Forgets every key added after the first {@code newSize}. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("cannot truncate a key set of size " + size + " to " + newSize);
        }
        while (size > newSize) {
            byte[] last = bytesAt(size - 1);
            removeSlot(find(last, hash(last)));
            size--;
            used = starts[size];
        }
        if (size == 0) {
            chunks = new byte[0][];
            starts = new int[8];
            slots = new int[MIN_SLOTS];
        }
    }

    /** A read-only view in insertion order; it follows later changes to the set. */
    public List<String> asList() {
        return new View();
    }

    private final class View extends AbstractList<String> implements RandomAccess {
        @Override
        public String get(int index) {
            return KeySet.this.get(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** The slot holding this key, or the free slot where it would go. */
    private int find(byte[] key, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0 || equalsAt(entry - 1, key)) {
                return slot;
            }
        }
    }

    /** Linear-probing deletion: later entries of the same probe run move back so that no lookup stops short. */
    private void removeSlot(int slot) {
        int mask = slots.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            byte[] key = bytesAt(slots[next] - 1);
            int home = hash(key) & mask;
            // The entry may fill the hole unless its home lies cyclically in (hole, next].
            boolean homeAfterHole = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!homeAfterHole) {
                slots[hole] = slots[next];
                hole = next;
            }
        }
        slots[hole] = 0;
    }

    private void rehash(int capacity) {
        int[] old = slots;
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int entry : old) {
            if (entry != 0) {
                byte[] key = bytesAt(entry - 1);
                int slot = hash(key) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = entry;
            }
        }
    }

    private void append(byte[] bytes) {
        for (int copied = 0; copied < bytes.length; ) {
            int chunk = used >>> CHUNK_BITS;
            if (chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(4, chunks.length * 2));
            }
            int offset = used & CHUNK_MASK;
            int n = Math.min(bytes.length - copied, CHUNK_SIZE - offset);
            ensureCapacity(chunk, offset + n);
            System.arraycopy(bytes, copied, chunks[chunk], offset, n);
            copied += n;
            used += n;
        }
    }

    /**
     * Most transactions write a handful of keys, and each gets a new set: the first chunk starts small and doubles,
     * so that a one-row statement does not allocate (and zero) a whole chunk.
     */
    private void ensureCapacity(int chunk, int length) {
        byte[] current = chunks[chunk];
        if (current == null) {
            chunks[chunk] = new byte[chunk == 0 ? Math.max(FIRST_CHUNK_SIZE, Integer.highestOneBit(length - 1) << 1) : CHUNK_SIZE];
        } else if (current.length < length) {
            chunks[chunk] = Arrays.copyOf(current, Math.min(CHUNK_SIZE, Integer.highestOneBit(length - 1) << 1));
        }
    }

    private byte[] bytesAt(int index) {
        int start = starts[index];
        byte[] bytes = new byte[end(index) - start];
        for (int copied = 0; copied < bytes.length; ) {
            int at = start + copied;
            int offset = at & CHUNK_MASK;
            int n = Math.min(bytes.length - copied, CHUNK_SIZE - offset);
            System.arraycopy(chunks[at >>> CHUNK_BITS], offset, bytes, copied, n);
            copied += n;
        }
        return bytes;
    }

    private boolean equalsAt(int index, byte[] key) {
        int start = starts[index];
        if (end(index) - start != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            int at = start + i;
            if (chunks[at >>> CHUNK_BITS][at & CHUNK_MASK] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private int end(int index) {
        return index + 1 < size ? starts[index + 1] : used;
    }

    private static int hash(byte[] bytes) {
        int h = 0x811c9dc5;
        for (int i = 0; i < bytes.length; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        // Spread the bits: linear probing uses the low ones.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
