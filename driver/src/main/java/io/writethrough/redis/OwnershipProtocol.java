package io.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ownership protocol's vocabulary, and the only code that spells it: every Redis key the driver keeps besides the
 * entries themselves (ownership marks, tombstones), every field of a mark, and the {@code KEYS}/{@code ARGV} layout of
 * each script. The scripts' headers and named locals use the same names; {@code OwnershipProtocolTest} checks that
 * they match. Every key a script touches is declared in its {@code KEYS}.
 *
 * <p>See {@code docs/design.md}, "The ownership protocol", for what each field means to a writer and to an undo.
 */
public final class OwnershipProtocol {

    /** Every key the driver itself keeps starts with this; key templates may never render it (checked at connect). */
    public static final String RESERVED_PREFIX = "writethrough:";
    /** {@code writethrough:own:<key>}: the hash that says which transaction owns an entry, and what the entry held. */
    public static final String MARK_PREFIX = RESERVED_PREFIX + "own:";
    /** {@code writethrough:done:<tx>}: a rolled-back transaction whose late writes must do nothing. */
    public static final String TOMBSTONE_PREFIX = RESERVED_PREFIX + "done:";
    /**
     * {@code writethrough:refill} (on a cluster one per slot, {@code writethrough:refill:{T}}): the set of keys an undo
     * deleted because their value was undecided, until a refill has written them from the database.
     */
    public static final String REFILL_PREFIX = RESERVED_PREFIX + "refill";
    /** Long enough for any lost reply to have arrived or been dropped by the server. */
    public static final int TOMBSTONE_TTL_SECONDS = 3600;

    /** The fields of an ownership mark. */
    public enum MarkField {
        /** The owning transaction's id (random per process, then a sequence). */
        OWNER_TX("t"),
        /** The owner's PostgreSQL transaction id. */
        OWNER_XID("x"),
        /** The identity of the database whose transaction ids these are: only its own driver instances judge them. */
        DATABASE("d"),
        /** The entry's value before the owner wrote it ({@code DUMP}); absent field: the entry was absent. */
        BEFORE_VALUE("v"),
        /** The entry's remaining time to live before the owner wrote it, in milliseconds. */
        BEFORE_PTTL("p"),
        /** Set when the owner wrote the entry while a savepoint was open. */
        UNDER_SAVEPOINT("s"),
        /** The PostgreSQL transaction id of the earlier owner whose mark this one took over ({@code ?} if unknown). */
        EARLIER_XID("u"),
        /** The earlier owner's before-image: the value to restore if the earlier owner did not commit. */
        EARLIER_BEFORE_VALUE("w"),
        /** The earlier owner's before-image's time to live. */
        EARLIER_BEFORE_PTTL("q"),
        /** The earlier owner's before-image was an absent entry. */
        EARLIER_BEFORE_ABSENT("wa"),
        /** The earlier owner had itself taken over a mark: its before-image is undecided, so an undo deletes. */
        EARLIER_BEFORE_UNDECIDED("wx"),
        /** The earlier owner wrote under a savepoint: the value found may have been undone by it. */
        EARLIER_UNDER_SAVEPOINT("us");

        private final String field;

        MarkField(String field) {
            this.field = field;
        }

        /** The hash field's name in Redis. */
        public String field() {
            return field;
        }
    }

    /** Entries per script call: bounds one call's server time and argument list. */
    public static final int CHUNK = 5_000;

    private static final byte[] YES = {'1'};
    private static final byte[] NO = {'0'};
    private static final byte[] EMPTY = {};
    private static final byte[] MINUS_ONE = {'-', '1'};
    private static final byte[][] SMALL_DECIMALS = new byte[128][];

    static {
        for (int i = 0; i < SMALL_DECIMALS.length; i++) {
            SMALL_DECIMALS[i] = bytes(Integer.toString(i));
        }
    }

    private OwnershipProtocol() {
    }

    /** The ownership mark of a key on one Redis (see {@link KeyLayout} for a cluster's). */
    public static String markKey(String key) {
        return KeyLayout.STANDALONE.markKey(key);
    }

    public static String tombstoneKey(String tx) {
        return TOMBSTONE_PREFIX + tx;
    }

    /**
     * {@code write.lua}. KEYS: tombstone, R release marks, then entry and mark per write. ARGV: tx, xid, database,
     * savepoint flag, released tx, R, then per write: kind, capture flag, ttl ms, n, n payload items.
     */
    static LuaScript.Call write(KeyLayout layout, int slot, String tx, long xid, String database, boolean underSavepoint,
            OwnershipStore.Release release, List<EntryWrite> writes, boolean[] capture, int from) {
        int count = writes.size();
        List<byte[]> keys = new ArrayList<>(1 + release.keys().size() + 2 * count);
        List<byte[]> args = new ArrayList<>(5 + 6 * count);
        keys.add(layout.tombstone(tx, slot));
        args.add(bytes(tx));
        args.add(bytes(Long.toString(xid)));
        args.add(bytes(database));
        args.add(underSavepoint ? YES : NO);
        addRelease(layout, release, keys, args);
        for (int i = 0; i < count; i++) {
            EntryWrite w = writes.get(i);
            addKeyAndMark(layout, w.key(), keys);
            args.add(w.kind().code);
            args.add(capture[from + i] ? YES : NO);
            args.add(decimal(w.ttlMillis()));
            args.add(decimal(w.payload().size()));
            args.addAll(w.payload());
        }
        return new LuaScript.Call(keys, args);
    }

    /**
     * {@code undo.lua}. KEYS: tombstone, R release marks, entry and mark per step, the slot's refill set. ARGV: tx,
     * finish flag, released tx, R, C (or -1: unknown), C committed earlier owners, then per step: mode, image, pttl.
     */
    static LuaScript.Call undo(KeyLayout layout, int slot, String tx, boolean finish, OwnershipStore.Release release,
            Collection<String> committedOwners, List<UndoStep> steps) {
        List<byte[]> keys = new ArrayList<>(1 + release.keys().size() + 2 * steps.size());
        List<byte[]> args = new ArrayList<>(5 + (committedOwners == null ? 0 : committedOwners.size()) + 3 * steps.size());
        keys.add(layout.tombstone(tx, slot));
        args.add(bytes(tx));
        args.add(finish ? YES : NO);
        addRelease(layout, release, keys, args);
        if (committedOwners == null) {
            args.add(MINUS_ONE);
        } else {
            args.add(decimal(committedOwners.size()));
            for (String owner : committedOwners) {
                args.add(bytes(owner));
            }
        }
        for (UndoStep step : steps) {
            addKeyAndMark(layout, step.key(), keys);
            args.add(bytes(step.mode().code));
            BeforeImage image = step.image();
            boolean present = image != null && !image.absent();
            args.add(present ? image.dump() : EMPTY);
            args.add(present ? decimal(image.pttlMillis()) : MINUS_ONE);
        }
        keys.add(layout.refillSet(slot));
        return new LuaScript.Call(keys, args);
    }

    /** {@code fill.lua}. KEYS: entry and mark per write. ARGV per write: kind, ttl ms, n, n payload items. */
    static LuaScript.Call fill(KeyLayout layout, List<EntryWrite> writes) {
        List<byte[]> keys = new ArrayList<>(2 * writes.size());
        List<byte[]> args = new ArrayList<>(5 * writes.size());
        for (EntryWrite w : writes) {
            addKeyAndMark(layout, w.key(), keys);
            args.add(w.kind().code);
            args.add(decimal(w.ttlMillis()));
            args.add(decimal(w.payload().size()));
            args.addAll(w.payload());
        }
        return new LuaScript.Call(keys, args);
    }

    /** {@code release.lua} and {@code owners.lua}: KEYS are the keys' marks, ARGV[1] the transaction. */
    static LuaScript.Call marksOf(KeyLayout layout, String tx, List<String> keys) {
        List<byte[]> marks = new ArrayList<>(keys.size());
        for (String key : keys) {
            marks.add(layout.markOf(bytes(key)));
        }
        return new LuaScript.Call(marks, List.of(bytes(tx)));
    }

    /** The result of one write made of these {@code write.lua} calls' replies, in call order. */
    static OwnershipStore.WriteResult readWriteReplies(List<Object> replies) {
        List<BeforeImage> images = new ArrayList<>();
        List<String> takenOver = new ArrayList<>(0);
        for (Object reply : replies) {
            readWriteReply(reply, images, takenOver);
        }
        return new OwnershipStore.WriteResult(images, takenOver);
    }

    /** Reads a {@code write.lua} reply into {@code images} (captures, in order) and {@code takenOver} (earlier xids). */
    static void readWriteReply(Object reply, List<BeforeImage> images, List<String> takenOver) {
        List<?> captured = (List<?>) ((List<?>) reply).get(0);
        for (int i = 0; i < captured.size(); i += 2) {
            byte[] dump = (byte[]) captured.get(i);
            long pttl = (Long) captured.get(i + 1);
            images.add(dump == null ? BeforeImage.ABSENT : new BeforeImage(dump, pttl));
        }
        for (Object owner : (List<?>) ((List<?>) reply).get(1)) {
            takenOver.add(new String((byte[]) owner, StandardCharsets.US_ASCII));
        }
    }

    /**
     * Reads an {@code undo.lua} reply into {@code undecided} (the keys deleted because their value was undecided);
     * returns how many keys the undo put back or deleted.
     */
    static long readUndoReply(Object reply, List<String> undecided) {
        for (Object key : (List<?>) ((List<?>) reply).get(1)) {
            undecided.add(new String((byte[]) key, StandardCharsets.UTF_8));
        }
        return (Long) ((List<?>) reply).get(0);
    }

    /** Reads {@code fill.lua} replies: the keys each call left to the transaction that owns them, in call order. */
    static List<String> readFillReplies(List<Object> replies) {
        List<String> owned = new ArrayList<>(0);
        for (Object reply : replies) {
            for (Object key : (List<?>) reply) {
                owned.add(new String((byte[]) key, StandardCharsets.UTF_8));
            }
        }
        return owned;
    }

    /** Reads an {@code owners.lua} reply: earlier owners' xids. */
    static List<String> readOwnersReply(Object reply) {
        List<String> owners = new ArrayList<>();
        for (Object owner : (List<?>) reply) {
            owners.add(new String((byte[]) owner, StandardCharsets.US_ASCII));
        }
        return owners;
    }

    private static void addRelease(KeyLayout layout, OwnershipStore.Release release, List<byte[]> keys,
            List<byte[]> args) {
        args.add(bytes(release.tx()));
        args.add(decimal(release.keys().size()));
        for (String key : release.keys()) {
            keys.add(layout.markOf(bytes(key)));
        }
    }

    /** The entry key and its mark key: one UTF-8 encoding of the key serves both. */
    private static void addKeyAndMark(KeyLayout layout, String key, List<byte[]> keys) {
        byte[] data = bytes(key);
        keys.add(data);
        keys.add(layout.markOf(data));
    }

    /** Decimal text of a count or TTL; the small ones every call repeats are shared. */
    private static byte[] decimal(long n) {
        return n >= 0 && n < SMALL_DECIMALS.length ? SMALL_DECIMALS[(int) n] : bytes(Long.toString(n));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
