package io.writethrough.write;

import io.writethrough.journal.TransactionJournal;
import io.writethrough.redis.OwnershipStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drops a committed transaction's marks when its connection goes idle: they normally ride along with the connection's
 * next script call, but a connection may make none for a long time. One check at a time per connection, every
 * {@link #periodMillis}: a connection that commits thousands of times a second would otherwise hand the background
 * thread a task (and a wake-up) per commit. A check that finds the same marks waiting as the last one drops them; one
 * that finds newer marks looks again a period later. So marks wait at most two periods on an idle connection.
 */
final class IdleRelease {

    private final TransactionJournal journal;
    private final Housekeeping housekeeping;
    private final long periodMillis;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    IdleRelease(TransactionJournal journal, Housekeeping housekeeping, long periodMillis) {
        this.journal = journal;
        this.housekeeping = housekeeping;
        this.periodMillis = periodMillis;
    }

    /** A transaction committed, leaving {@code release} pending on its connection. */
    void committed(OwnershipStore.Release release) {
        if (!release.keys().isEmpty() && scheduled.compareAndSet(false, true)) {
            housekeeping.later(() -> check(release), periodMillis);
        }
    }

    private void check(OwnershipStore.Release seen) {
        OwnershipStore.Release pending = journal.pendingRelease();
        if (pending == seen || pending.keys().isEmpty()) {
            scheduled.set(false);
            journal.releaseIfStillPending(seen);
            return;
        }
        housekeeping.later(() -> check(pending), periodMillis);
    }
}
