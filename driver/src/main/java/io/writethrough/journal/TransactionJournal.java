package io.writethrough.journal;

import io.writethrough.redis.EntryWrite;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisWriteException;
import io.writethrough.redis.UndoStep;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one database transaction has written to Redis, so that a rollback can put it back.
 *
 * <h2>Design notes</h2>
 * <ul>
 *   <li><b>Ownership marks live in Redis, next to the data.</b> The first time a transaction writes a
 *   key, the write script stores a mark ({@code writethrough:own:<key>}) holding the transaction id and
 *   the key's committed value and TTL (its before-image). Keeping before-images in Redis rather than in
 *   this object makes undo one script call, bounds this object's memory to the key names, and lets
 *   another process see that a key is owned. The protocol's keys, fields and script layouts are spelled
 *   in one place, {@link io.writethrough.redis.OwnershipProtocol}.</li>
 *   <li><b>A transaction never adopts a value that may be uncommitted.</b> PostgreSQL releases row
 *   locks at a failing statement, before the client's ROLLBACK and our undo arrive, so a second
 *   transaction can write a key whose current value is dead; and a committed transaction's mark
 *   lingers until its connection's next script call. So when a key carries another transaction's
 *   mark, the new owner keeps both candidates — the value found (right if the old owner committed)
 *   and the old owner's before-image (right if it did not) — with the old owner's PostgreSQL
 *   transaction id. Only an undo needs to choose: the caller asks PostgreSQL ({@code txid_status})
 *   about the owners {@link #ownersToDecide()} names and hands the answer to the undo, so the journal
 *   never calls back into the connection. When nobody can ask, or the older image is itself undecided,
 *   the key is deleted: a cache miss, never a wrong value.</li>
 *   <li><b>An undo never overwrites a newer owner.</b> Every undo and release is compare-and-act on the
 *   mark in one script: if the mark names another transaction, the key is left alone.</li>
 *   <li><b>Savepoints</b> need the value as of the savepoint, which may be this transaction's own
 *   uncommitted value, so they are captured here: while a savepoint is open, the first write of a key
 *   in its segment returns the key's prior image. Keys first written in the transaction after a
 *   savepoint need no capture: rolling back to the savepoint restores the transaction's before-image.</li>
 *   <li><b>Writes may be sent before they are answered</b> ({@link #send}): their replies are read by
 *   {@link #settle()}, which every method that reads what they reported, undoes them or ends the transaction calls
 *   first. PostgreSQL's row locks, held until the COMMIT that follows the settle, order a key's writers; a reply that
 *   arrives late only delays the failure it carries.</li>
 * </ul>
 *
 * <h2>Failure windows</h2>
 * <ul>
 *   <li>A write whose reply is lost may have run: its keys were recorded before the call, so a rollback visits them;
 *   the owners it took over are read back, and the undo leaves a tombstone against its late arrival. Doomed either
 *   way; a write that provably never ran ({@link RedisWriteException#mayHaveRun()}) needs no read-back or tombstone.</li>
 *   <li>A rollback that cannot reach Redis hands its undo to the store's background retrier; a call waits for Redis
 *   once. Marks outlive their commit until the connection's next script call (or close).</li>
 *   <li>What a crash or a lost reply leaves behind — marks of ended transactions, keys deleted because their value
 *   could not be decided (returned by the undo methods) — the recovery sweep resolves.</li>
 * </ul>
 * See {@code docs/design.md}, "The ownership protocol" and "Failure windows".
 * Thread-safe: {@code abort()} may come from another thread.
 */
public final class TransactionJournal {

    private static final String PROCESS = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final OwnershipStore redis;
    /** This transaction's writes whose replies are still to be read; see {@link #settle()}. */
    private final SentWrites sent;
    /** The identity of the database whose transaction ids the marks carry. */
    private final String database;
    private String tx;
    /** PostgreSQL ids of earlier owners whose marks this transaction took over; asked about on undo. */
    private final Set<String> takenOverFrom = new HashSet<>();
    /** Every key the transaction wrote, oldest first; replaced, not cleared, when the transaction ends (see reset). */
    private KeySet touched = new KeySet();
    private final Savepoints segments = new Savepoints();
    private Exception failure;
    /** A write's reply was lost: it may still reach Redis, so the undo leaves a tombstone. */
    private boolean writeInDoubt;
    /** A write reached Redis, or may have: only then is there anything to undo. */
    private boolean reachedRedis;
    /** Reading back the owners a lost write took over failed: the undo goes straight to the retrier. */
    private RedisWriteException ownersUnreadable;
    /** Set by {@link #close()}: the connection was closed or aborted; nothing may be written any more. */
    private boolean closed;
    /** The marks of this connection's last committed transaction, dropped with its next script call. */
    private OwnershipStore.Release pendingRelease = OwnershipStore.Release.NONE;

    public TransactionJournal(OwnershipStore redis, String database) {
        this.redis = redis;
        this.database = database;
        this.sent = new SentWrites(redis.pipeline());
    }

    /** True once the transaction has written to Redis (so commit and rollback must talk to Redis). */
    public synchronized boolean isActive() {
        return tx != null;
    }

    /** The failure that prevents this transaction from committing, or {@code null}. */
    public synchronized Exception failure() {
        return failure;
    }

    /** Marks the transaction as unable to commit (a statement ran, its rows were not written through). */
    public synchronized void doom(Exception cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /**
     * Writes one statement's entries (deletes before puts, as given) for PostgreSQL transaction {@code xid} and waits
     * for Redis (and for every write sent before it). On failure the transaction is doomed and the exception is
     * rethrown.
     */
    public synchronized void write(List<EntryWrite> writes, long xid) {
        send(writes, xid);
        RuntimeException failed = settle();
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Sends one statement's entries without waiting for Redis's reply: it is read, with those of the transaction's
     * other writes, before anything that depends on it (see {@link #settle}). A failure to send dooms the transaction
     * and is rethrown; a failed reply dooms it when it is read.
     */
    public synchronized void send(List<EntryWrite> writes, long xid) {
        if (closed) {
            throw new JournalClosedException();
        }
        if (writes.isEmpty()) {
            return;
        }
        if (tx == null) {
            tx = PROCESS + ":" + Long.toString(SEQUENCE.incrementAndGet(), 36);
        }
        boolean settleNow;
        try {
            settleNow = sent.send(tx, xid, database, segments.newest(), touched, writes, pendingRelease);
        } catch (RuntimeException e) {
            // The writes sent before it may be lost with the connection: their replies decide their own doubt.
            settle();
            failed(e);
            throw e;
        }
        reachedRedis = true;
        pendingRelease = OwnershipStore.Release.NONE;
        if (settleNow) {
            RuntimeException failed = settle();
            if (failed != null) {
                throw failed;
            }
        }
    }

    /**
     * Reads the replies of the writes sent and not yet settled: their captures and the owners they took over are
     * recorded, and a failure dooms the transaction. Returns that failure, or null. Every method that reads what the
     * writes reported, undoes them or lets the transaction end settles first.
     */
    public synchronized RuntimeException settle() {
        RedisWriteException failed = sent.settle(takenOverFrom);
        if (failed != null) {
            failed(failed);
        }
        return failed;
    }

    /** The failure that prevents this transaction from committing, once every write sent has been settled. */
    public synchronized Exception settledFailure() {
        settle();
        return failure;
    }

    private void failed(RuntimeException e) {
        failure = e;
        // A write that provably never reached Redis cannot arrive late: no tombstone (and nothing to undo).
        writeInDoubt |= !(e instanceof RedisWriteException r) || r.mayHaveRun();
        reachedRedis |= writeInDoubt;
    }

    /**
     * The connection is closed or aborted (after {@link #rolledBack} or {@link #committed()}): a statement still
     * running on another thread must not write through under a new transaction that nothing would undo.
     */
    public synchronized void close() {
        closed = true;
    }


    /** Opens a savepoint segment. */
    public synchronized void savepoint(Object savepoint) {
        settle();
        segments.open(savepoint, touched.size());
    }

    /**
     * The PostgreSQL transaction ids of earlier owners whose fate a rollback to {@code savepoint} needs (empty when it
     * undoes nothing or took no mark over): ask PostgreSQL which committed, and pass that to {@link #rollbackTo}.
     */
    public synchronized Set<String> ownersToDecide(Object savepoint) {
        settle();
        int index = segments.indexOf(savepoint);
        if (index < 0) {
            return Set.of();
        }
        return segments.undoes(index, touched) ? owners() : Set.of();
    }

    /**
     * Puts back what the keys held when the savepoint was set. {@code committedOwners}: which of
     * {@link #ownersToDecide(Object)} committed, or {@code null} when that is not known. If Redis cannot be reached the
     * transaction is doomed (a full rollback will restore every key) and the exception is rethrown.
     */
    public synchronized List<String> rollbackTo(Object savepoint, Set<String> committedOwners) {
        settle();
        int index = segments.indexOf(savepoint);
        if (index < 0) {
            return List.of();
        }
        // Images of keys written before the savepoint, then the keys new since it: no key is in both.
        int firstNewKey = segments.get(index).firstNewKey;
        List<UndoStep> steps = new UndoSteps(segments.imagesSince(index), touched, firstNewKey, UndoStep.Mode.TRANSACTION);
        List<String> undecided = List.of();
        if (!steps.isEmpty()) {
            try {
                undecided = redis.undo(tx, steps, pendingRelease, ownersUnreadable == null ? committedOwners : null, false);
                pendingRelease = OwnershipStore.Release.NONE;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        if (!writeInDoubt) {
            // A write whose reply was lost may still land on these keys: then the final rollback (the transaction
            // is doomed) must still visit them.
            touched.truncate(firstNewKey);
        }
        segments.rolledBackTo(index, touched.size());
        return undecided;
    }

    /** Closes a savepoint, keeping its entries: they now belong to the enclosing segment, if any. */
    public synchronized void release(Object savepoint) {
        settle();
        int index = segments.indexOf(savepoint);
        if (index >= 0) {
            segments.release(index, touched);
        }
    }

    /**
     * The database committed. Returns the marks to release: they ride along with this connection's next script call
     * rather than take a round trip of their own, unless {@link #releaseIfStillPending} finds them still waiting.
     */
    public synchronized OwnershipStore.Release committed() {
        settle();
        if (tx != null && !touched.isEmpty()) {
            pendingRelease = new OwnershipStore.Release(tx, touched.asList());
        }
        reset();
        return pendingRelease;
    }

    /** The marks of this connection's last committed transaction that no script call has taken along yet. */
    public synchronized OwnershipStore.Release pendingRelease() {
        return pendingRelease;
    }

    /** Drops {@code release}'s marks now if no script call has taken them along yet (the connection is idle). */
    public void releaseIfStillPending(OwnershipStore.Release release) {
        synchronized (this) {
            if (pendingRelease != release || release.keys().isEmpty()) {
                return;
            }
            pendingRelease = OwnershipStore.Release.NONE;
        }
        try {
            redis.release(release);
        } catch (RedisWriteException e) {
            JournalLog.markReleaseFailed(release.keys().size(), e);
        }
    }

    /** Drops the marks of the last committed transaction now (the connection is closing). Never throws. */
    public void releaseMarks() {
        OwnershipStore.Release release;
        synchronized (this) {
            release = pendingRelease;
        }
        releaseIfStillPending(release);
    }

    /**
     * The transaction is being rolled back: restore every key it wrote, newest first. If Redis cannot
     * be reached the undo is queued for retry and the failure is logged; this method never throws, so
     * the database rollback always follows.
     */
    public synchronized List<String> rolledBack(Set<String> committedOwners) {
        return undoAll(UndoStep.Mode.TRANSACTION, committedOwners, true);
    }

    /**
     * The PostgreSQL transaction ids of earlier owners whose fate a full rollback needs (empty when none): ask
     * PostgreSQL which committed, and pass that to {@link #rolledBack}. After a write whose reply was lost, the owners
     * it took over are read back from Redis first; if that fails, the undo will go straight to the retrier.
     */
    public synchronized Set<String> ownersToDecide() {
        settle();
        return tx == null ? Set.of() : owners();
    }

    /**
     * The earlier owners taken over; after a write whose reply was lost, those it may have taken over are read back
     * from Redis first (once), since its reply would have named them. If that fails, the undo cannot know them.
     */
    private Set<String> owners() {
        if (writeInDoubt && ownersUnreadable == null) {
            try {
                redis.takenOverFrom(tx, touched.asList()).stream().filter(owner -> !"?".equals(owner)).forEach(takenOverFrom::add);
            } catch (RedisWriteException e) {
                ownersUnreadable = e;
            }
        }
        return ownersUnreadable != null ? Set.of() : Set.copyOf(takenOverFrom);
    }

    /**
     * Like {@link #rolledBack}, for a call that has already waited out a Redis failure (an autocommit statement whose
     * write failed): the undo goes straight to the background retrier, so that no call waits for Redis twice. The
     * owners the failed write may have taken over are not known, so keys whose mark was taken over are deleted.
     */
    public synchronized void rolledBackWithoutWaiting() {
        undoAll(UndoStep.Mode.TRANSACTION, null, false);
    }

    /**
     * The commit's outcome is unknown (the connection broke during COMMIT): delete every key the
     * transaction wrote, since either value might be the wrong one.
     */
    public synchronized List<String> outcomeUnknown() {
        return undoAll(UndoStep.Mode.INVALIDATE, null, true);
    }

    /** Returns the keys the undo deleted because their value could not be decided (empty when deferred). */
    private List<String> undoAll(UndoStep.Mode mode, Set<String> committedOwners, boolean wait) {
        settle();
        if (tx == null || !reachedRedis) {
            reset();
            return List.of();
        }
        List<UndoStep> steps = new UndoSteps(List.of(), touched, 0, mode);
        if (!wait) {
            defer(steps, null, failure);
            return List.of();
        }
        if (ownersUnreadable != null) {
            defer(steps, null, ownersUnreadable);
            return List.of();
        }
        try {
            List<String> undecided = redis.undo(tx, steps, pendingRelease,
                    mode == UndoStep.Mode.TRANSACTION ? committedOwners : null, writeInDoubt);
            pendingRelease = OwnershipStore.Release.NONE;
            return undecided;
        } catch (RedisWriteException e) {
            defer(steps, mode == UndoStep.Mode.TRANSACTION ? committedOwners : null, e);
            return List.of();
        } finally {
            reset();
        }
    }

    /**
     * Leaves the undo to the background retrier. The last commit's marks are not released either: the release would
     * only wait for the same Redis, and a lingering mark is harmless.
     */
    private void defer(List<UndoStep> steps, Set<String> committedOwners, Exception cause) {
        JournalLog.undoDeferred(steps.size(), redis.deferUndo(tx, steps, committedOwners, writeInDoubt), cause);
        pendingRelease = OwnershipStore.Release.NONE;
        reset();
    }

    private void reset() {
        tx = null;
        writeInDoubt = false;
        reachedRedis = false;
        ownersUnreadable = null;
        takenOverFrom.clear();
        // A new set rather than a cleared one: a pending release or a deferred undo may still read the old one.
        touched = new KeySet();
        segments.clear();
        failure = null;
    }
}
