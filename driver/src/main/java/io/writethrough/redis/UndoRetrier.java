package io.writethrough.redis;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undos that could not reach Redis, retried until they succeed: in the background, so that no application thread
 * waits for Redis to come back, and before any other command (see {@link #drain()}), so that Redis is consistent
 * again as soon as it answers. Order among deferred undos does not matter for correctness: each acts only on keys its
 * transaction still owns. Bounded, so an outage cannot exhaust the heap.
 */
final class UndoRetrier {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);

    /** Undos kept at most. */
    static final int MAX_DEFERRED = 10_000;

    /** One deferred undo, as {@link OwnershipStore#undo} takes it (without a release: marks of a commit may linger). */
    record Deferred(String tx, List<UndoStep> steps, List<String> committedOwners, boolean finish) {
    }

    /** Runs one deferred undo against Redis; throws when Redis still fails. */
    @FunctionalInterface
    interface Runner {
        void undo(Deferred undo);
    }

    private final Runner runner;
    private final Runnable whenDrained;
    private final long pauseNanos;
    private final ConcurrentLinkedQueue<Deferred> queue = new ConcurrentLinkedQueue<>();
    /** Runs only while there are undos to retry. */
    private Thread thread;

    /**
     * {@code runner} runs the undos on the retrier's own thread (its failures are {@link RedisWriteException}s);
     * {@code whenDrained} runs on that thread each time it has emptied the queue.
     */
    UndoRetrier(Runner runner, Runnable whenDrained, long timeoutNanos) {
        this.runner = runner;
        this.whenDrained = whenDrained;
        this.pauseNanos = Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(1));
    }

    /** Queues an undo; false when the queue is full and it was dropped. */
    synchronized boolean defer(String tx, List<UndoStep> steps, Collection<String> committedOwners, boolean finish) {
        if (queue.size() >= MAX_DEFERRED) {
            return false;
        }
        queue.add(new Deferred(tx, steps, committedOwners == null ? null : List.copyOf(committedOwners), finish));
        if (thread == null) {
            thread = new Thread(this::retry, "writethrough-undo-retry");
            thread.setDaemon(true);
            thread.start();
        }
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How many undos wait (counts the queue: for a health check, not a hot path). */
    int waiting() {
        return queue.size();
    }

    /**
     * Runs the waiting undos now, oldest first, with the caller's {@code runner} (on the caller's connection); throws
     * what the first that fails throws.
     */
    void drain(Runner runner) {
        Deferred next;
        while ((next = queue.peek()) != null) {
            runner.undo(next);
            queue.remove(next);
        }
    }

    /** The thread's loop: oldest undo first, a pause after a failure; the thread ends when the queue is empty. */
    private void retry() {
        while (true) {
            Deferred next;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    thread = null;
                    break;
                }
            }
            try {
                runner.undo(next);
                queue.remove(next);
                LOG.info("Redis is reachable again: restored {} key(s) of a rolled-back transaction", next.steps().size());
            } catch (RuntimeException e) {
                // Redis still fails (a RedisWriteException), or the connections were closed meanwhile.
                try {
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    synchronized (this) {
                        thread = null;
                    }
                    return;
                }
            }
        }
        whenDrained.run();
    }
}
