package io.writethrough.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks of committed transactions dropped in the background, off the statement's path: on a cluster, the marks a
 * write cannot take along (they live in slots the write does not touch) would otherwise cost a primary more per
 * statement. Dropping a committed transaction's mark is never urgent: until it goes, a writer of that key takes it over
 * (the protocol's ordinary case), and a release that fails is left to the recovery sweep, which drops the marks of
 * committed transactions. What waits is dropped together (one pipeline per primary for many transactions' marks), so
 * the busier the writers, the fewer round trips per release. Bounded: when full, the caller drops the marks itself.
 * The thread runs only while there is work.
 */
final class LateReleases {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);
    /** Releases kept at most. */
    static final int MAX_WAITING = 10_000;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Releases at most this many transactions' marks in one go. */
    private static final int BATCH = 256;

    private final Consumer<List<OwnershipStore.Release>> release;
    private final LinkedBlockingQueue<OwnershipStore.Release> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private Thread thread;
    private boolean closed;

    LateReleases(Consumer<List<OwnershipStore.Release>> release) {
        this.release = release;
    }

    /** Drops the marks soon, in the background; now, on the caller's thread, when the queue is full or closed. */
    void add(OwnershipStore.Release marks) {
        synchronized (this) {
            if (!closed && queue.offer(marks)) {
                if (thread == null) {
                    thread = new Thread(this::run, "writethrough-release");
                    thread.setDaemon(true);
                    thread.start();
                }
                return;
            }
        }
        release.accept(List.of(marks));
    }

    private void run() {
        while (true) {
            OwnershipStore.Release next;
            try {
                next = queue.poll(IDLE_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next = null;
            }
            if (next == null) {
                synchronized (this) {
                    if (queue.isEmpty() || closed) {
                        thread = null;
                        return;
                    }
                }
                continue;
            }
            List<OwnershipStore.Release> batch = new ArrayList<>();
            batch.add(next);
            queue.drainTo(batch, BATCH - 1);
            try {
                release.accept(batch);
            } catch (RuntimeException e) {
                LOG.debug("dropping the marks of {} committed transaction(s) failed; the recovery sweep drops them: {}",
                        batch.size(), e.getMessage());
            }
        }
    }

    /** Drops what still waits, on the caller's thread (best effort), and takes no more. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        List<OwnershipStore.Release> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                release.accept(rest);
            } catch (RuntimeException e) {
                LOG.debug("dropping the marks of {} committed transaction(s) at close failed; the recovery sweep drops "
                        + "them: {}", rest.size(), e.getMessage());
            }
        }
    }
}
