package io.writethrough.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a transaction journal needs from the store that holds entries and their ownership marks: the operations of the
 * ownership protocol (see {@link OwnershipProtocol}). {@link RedisWriter} is the implementation; the journal's own
 * tests use a recording one.
 */
public interface OwnershipStore {

    /**
     * The ownership marks a committed transaction left, to be dropped with the connection's next script call instead
     * of in a round trip of their own. {@code keys} is kept as given (it may hold a million keys): the caller must not
     * change it afterwards.
     */
    record Release(String tx, List<String> keys) {

        public static final Release NONE = new Release("", List.of());
    }

    /**
     * What a write reported: for each entry whose capture flag was set, what the key held just before; and the
     * PostgreSQL transaction ids of the earlier owners whose marks were taken over ({@code "?"} when unknown).
     */
    record WriteResult(List<BeforeImage> captures, List<String> takenOverFrom) {
    }

    /**
     * Writes the entries in order, taking ownership of each key for {@code tx} (PostgreSQL transaction {@code xid} of
     * the database {@code database} identifies), and drops the marks of {@code release} first. {@code underSavepoint}: a savepoint is open, so these values may
     * yet be rolled back while the transaction commits.
     *
     * @throws RedisWriteException naming a key of {@code writes}; whether the write took effect is unknown
     */
    WriteResult write(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes, boolean[] capture,
            Release release);

    /**
     * A transaction's writes sent without waiting for their replies: in the order sent, on one connection kept from the
     * first {@link #send} to {@link #settle}, so that a later write of a key lands after an earlier one. A store that
     * cannot pipeline (a cluster's writes go to several primaries) waits in {@code send}, as {@link #write} does.
     * Not thread-safe: the journal calls it under its own lock.
     */
    interface Pipeline {

        /**
         * Sends a write as {@link #write} would run it, without reading its reply.
         *
         * @throws RedisWriteException when it could not be sent; whether it may have run is in the exception, and the
         *     writes sent before it are still to {@link #settle}
         */
        void send(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
                boolean[] capture, Release release);

        /** Reads the replies of everything sent since the last settle (none: nothing waits) and frees the connection. */
        Settlement settle();
    }

    /**
     * The replies of a pipeline's writes, one per {@link Pipeline#send} in order: its {@link WriteResult}, or null where
     * it failed. {@code failure}: the first failure (one that may have run before one that did not), or null.
     */
    record Settlement(List<WriteResult> results, RedisWriteException failure) {

        public static final Settlement NONE = new Settlement(List.of(), null);
    }

    /** A pipeline for one transaction's writes; this default one waits for each write's reply as it is sent. */
    default Pipeline pipeline() {
        return new Pipeline() {
            private final List<WriteResult> results = new ArrayList<>();

            @Override
            public void send(String tx, long xid, String database, boolean underSavepoint, List<EntryWrite> writes,
                    boolean[] capture, Release release) {
                results.add(write(tx, xid, database, underSavepoint, writes, capture, release));
            }

            @Override
            public Settlement settle() {
                if (results.isEmpty()) {
                    return Settlement.NONE;
                }
                Settlement settled = new Settlement(List.copyOf(results), null);
                results.clear();
                return settled;
            }
        };
    }

    /**
     * Applies the undo steps in the order given (callers pass newest first), only where {@code tx} still owns the key.
     *
     * @param committedOwners PostgreSQL transaction ids of earlier owners known to have committed, or {@code null}
     *     when not known (then keys whose mark was taken over are deleted)
     * @param finish leave a tombstone, so that a write of {@code tx} whose reply was lost does nothing if it arrives
     * @return the keys deleted because the value to restore could not be decided: their committed value must come
     *     from the database
     */
    List<String> undo(String tx, List<UndoStep> steps, Release release, Collection<String> committedOwners, boolean finish);

    /** The earlier owners whose marks {@code tx} took over on these keys, read back from the marks. */
    List<String> takenOverFrom(String tx, List<String> keys);

    /** Drops the marks of a committed transaction now. */
    void release(Release release);

    /**
     * Throws when the store is known not to answer (it has left a call unanswered for a whole timeout and answered
     * nothing since): a write that needs it is then refused before it runs. Never waits.
     *
     * @throws RedisWriteException that says the command was not sent
     */
    default void refuseWhileUnresponsive() {
    }

    /**
     * Keeps an undo that could not reach the store and retries it in the background. Returns false when the queue is
     * full and the undo was dropped. {@code steps} is kept as given: the caller must not change it.
     */
    boolean deferUndo(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish);
}
