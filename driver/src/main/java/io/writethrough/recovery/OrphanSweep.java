package io.writethrough.recovery;

import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.TransactionStatus;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisReader;
import io.writethrough.redis.RedisWriter;
import io.writethrough.redis.RefillSets;
import io.writethrough.redis.UndoStep;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One pass over every ownership mark of this database. A mark whose transaction is still in progress is left alone.
 * One whose transaction committed is dropped (its value is the committed one). One whose transaction aborted — a
 * crashed process, a lost COMMIT reply, an undo that never ran — is undone exactly as its own rollback would have
 * undone it ({@code undo.lua}, with the fate of any earlier owner it took over), and a key whose value before cannot
 * be decided is deleted and refilled from the database. Every step is compare-and-act on the mark's owner, so a
 * writer that takes a key meanwhile is never overwritten, and several sweeps may run at once.
 */
final class OrphanSweep {

    /** Keys of the keyspace SCAN visits per call. */
    static final int SCAN_COUNT = 1_000;
    /** What a sweep scans for, in one pass: ownership marks ({@code writethrough:own:…}) and refill sets. */
    private static final String SWEPT = OwnershipProtocol.RESERVED_PREFIX + "[or]*";

    private final RedisWriter redis;
    private final Dialect dialect;
    private final String database;
    private final BooleanSupplier stopped;
    /** Whether this configuration's mapping renders a key (so its value can be refilled from the database). */
    private final Predicate<String> mapped;

    OrphanSweep(RedisWriter redis, Dialect dialect, String database, BooleanSupplier stopped, Predicate<String> mapped) {
        this.redis = redis;
        this.dialect = dialect;
        this.database = database;
        this.stopped = stopped;
        this.mapped = mapped;
    }

    /** Counts of one pass, and the keys to refill. */
    static final class Tally {
        long marks;
        long live;
        long released;
        long restored;
        /** How long the keyspace {@code SCAN} calls took: what a sweep costs Redis, whatever the database's part. */
        long scanNanos;
        final List<String> undecided = new ArrayList<>();
        /** The refill sets found (see {@link RefillSets}), perhaps twice. */
        final List<String> refillSets = new ArrayList<>();
    }

    Tally run(Connection real) throws SQLException {
        String databaseId = dialect.databaseId(real, database);
        Tally tally = new Tally();
        String cursor = "0";
        do {
            long started = System.nanoTime();
            RedisReader.KeyScan scan = redis.reader().scan(cursor, SWEPT, SCAN_COUNT);
            tally.scanNanos += System.nanoTime() - started;
            cursor = scan.cursor();
            List<String> marks = new ArrayList<>(scan.keys().size());
            for (String key : scan.keys()) {
                if (key.startsWith(OwnershipProtocol.MARK_PREFIX)) {
                    marks.add(key);
                } else if (RefillSets.isRefillSet(key)) {
                    tally.refillSets.add(key);
                }
            }
            if (!marks.isEmpty()) {
                resolve(real, databaseId, marks, tally);
            }
        } while (!"0".equals(cursor) && !stopped.getAsBoolean());
        return tally;
    }

    private void resolve(Connection real, String databaseId, List<String> marks, Tally tally) throws SQLException {
        List<List<String>> fields = redis.reader().readMarks(marks, MarkField.OWNER_TX, MarkField.OWNER_XID, MarkField.DATABASE,
                MarkField.EARLIER_XID);
        Set<String> xids = new HashSet<>();
        List<Integer> ours = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            List<String> f = fields.get(i);
            if (f.get(0) == null || f.get(1) == null || !databaseId.equals(f.get(2))) {
                continue;
            }
            ours.add(i);
            xids.add(f.get(1));
            if (isXid(f.get(3))) {
                xids.add(f.get(3));
            }
        }
        if (ours.isEmpty()) {
            return;
        }
        Map<String, TransactionStatus> status = dialect.transactionStatus(real, xids);
        Set<String> committed = new HashSet<>();
        status.forEach((xid, s) -> {
            if (s == TransactionStatus.COMMITTED) {
                committed.add(xid);
            }
        });
        Map<String, List<String>> release = new LinkedHashMap<>();
        Map<String, List<UndoStep>> undoKnown = new LinkedHashMap<>();
        Map<String, List<UndoStep>> undoUnknown = new LinkedHashMap<>();
        for (int i : ours) {
            List<String> f = fields.get(i);
            String tx = f.get(0);
            String key = redis.reader().keyOfMark(marks.get(i));
            String earlier = f.get(3);
            tally.marks++;
            switch (status.getOrDefault(f.get(1), TransactionStatus.UNKNOWN)) {
                case IN_PROGRESS -> tally.live++;
                case COMMITTED -> release.computeIfAbsent(tx, t -> new ArrayList<>()).add(key);
                case ABORTED -> {
                    boolean decidable = earlier == null
                            || (isXid(earlier) && status.getOrDefault(earlier, TransactionStatus.UNKNOWN) != TransactionStatus.UNKNOWN);
                    // A key this configuration cannot refill is undone only where its value is decided.
                    UndoStep.Mode mode = mapped.test(key) ? UndoStep.Mode.TRANSACTION : UndoStep.Mode.TRANSACTION_IF_DECIDED;
                    (decidable ? undoKnown : undoUnknown).computeIfAbsent(tx, t -> new ArrayList<>())
                            .add(new UndoStep(key, mode, null));
                }
                // The owner's fate is unknown: the value may be either; the database decides (a driver that maps it).
                case UNKNOWN -> {
                    if (mapped.test(key)) {
                        undoUnknown.computeIfAbsent(tx, t -> new ArrayList<>()).add(new UndoStep(key, UndoStep.Mode.INVALIDATE, null));
                    }
                }
            }
        }
        release.forEach((tx, keys) -> {
            redis.release(new OwnershipStore.Release(tx, keys));
            tally.released += keys.size();
        });
        undo(undoKnown, committed, tally);
        undo(undoUnknown, null, tally);
    }

    private void undo(Map<String, List<UndoStep>> byTransaction, Set<String> committed, Tally tally) {
        byTransaction.forEach((tx, steps) -> {
            // The tombstone turns a write of the dead transaction still on its way into a no-op.
            List<String> undecided = redis.undo(tx, steps, OwnershipStore.Release.NONE, committed, true);
            tally.restored += steps.size() - undecided.size();
            tally.undecided.addAll(undecided);
        });
    }

    private static boolean isXid(String value) {
        return value != null && !value.equals("?");
    }
}
