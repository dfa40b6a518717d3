package io.writethrough.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks of committed transactions that a write could not take along in its own script (on a cluster they live in
 * slots it does not write to), waiting for a write to their primary: the next statement that writes there sends their
 * release calls in its own pipeline to that primary, with no round trip or thread of their own. What no write took
 * within {@link #LINGER_NANOS} is dropped in the background, one pipeline per primary for all that waited.
 *
 * <p>Why wait rather than drop each at once: a release of its own costs a thread hand-off and a round trip per
 * statement on the cores the application, the database and Redis share. On the benchmark's cluster a one-slot
 * statement cost about a tenth less once its releases went along (BENCHMARKS.md, "Redis Cluster"). Dropping a
 * committed transaction's mark is never urgent: until it goes, a writer of that key takes it over (the protocol's
 * ordinary case), and a release that fails is left to the recovery sweep, which drops the marks of committed
 * transactions. Bounded: when full, the caller drops the marks itself. The thread runs only while there is work.
 */
final class LateReleases {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);
    /** Releases kept at most. */
    static final int MAX_WAITING = 10_000;
    /** How long a release waits for a write to its primary before the background drops it. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Waiting(OwnershipStore.Release marks, long since) {
    }

    private final Consumer<List<OwnershipStore.Release>> release;
    private final long lingerNanos;
    /** Per primary (null: not known when the release was left). Guarded by this. */
    private final Map<Object, List<Waiting>> waiting = new HashMap<>();
    private int count;
    private Thread thread;
    private boolean closed;

    LateReleases(Consumer<List<OwnershipStore.Release>> release) {
        this(release, LINGER_NANOS);
    }

    /** With another linger, for tests. */
    LateReleases(Consumer<List<OwnershipStore.Release>> release, long lingerNanos) {
        this.release = release;
        this.lingerNanos = lingerNanos;
    }

    /**
     * Leaves the marks (of slots of one primary) to the next write to {@code primary}, or to the
     * background; drops them now, on the caller's thread, when too many wait or this is closed.
     */
    void add(Object primary, OwnershipStore.Release marks) {
        synchronized (this) {
            if (!closed && count < MAX_WAITING) {
                waiting.computeIfAbsent(primary, p -> new ArrayList<>()).add(new Waiting(marks, System.nanoTime()));
                count++;
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

    /** Takes out what waits for {@code primaries} into {@code taken}, for a write to them to send along. */
    synchronized void takeFor(Collection<?> primaries, List<OwnershipStore.Release> taken) {
        if (count == 0) {
            return;
        }
        for (Object primary : primaries) {
            List<Waiting> left = waiting.remove(primary);
            if (left != null) {
                left.forEach(w -> taken.add(w.marks()));
                count -= left.size();
            }
        }
    }

    private void run() {
        long busy = System.nanoTime();
        while (true) {
            List<OwnershipStore.Release> due = new ArrayList<>();
            synchronized (this) {
                // Wakes once per linger at most while it lives, whatever the rate of statements: no hand-off per release.
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, lingerNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    thread = null;
                    return;
                }
                long now = System.nanoTime();
                if (count > 0) {
                    busy = now;
                }
                if (closed || now - busy >= IDLE_NANOS) {
                    thread = null;
                    return;
                }
                for (Iterator<List<Waiting>> lists = waiting.values().iterator(); lists.hasNext(); ) {
                    List<Waiting> list = lists.next();
                    // A primary's releases go together once its oldest is due.
                    if (now - list.get(0).since() >= lingerNanos) {
                        list.forEach(w -> due.add(w.marks()));
                        count -= list.size();
                        lists.remove();
                    }
                }
            }
            drop(due, "");
        }
    }

    /** Drops what still waits, on the caller's thread (best effort), and takes no more. */
    void close() {
        List<OwnershipStore.Release> rest = new ArrayList<>();
        synchronized (this) {
            closed = true;
            waiting.values().forEach(list -> list.forEach(w -> rest.add(w.marks())));
            waiting.clear();
            count = 0;
            notifyAll();
        }
        drop(rest, " at close");
    }

    /** Releases {@code marks}, if any; a failure is only logged, the recovery sweep drops them. */
    private void drop(List<OwnershipStore.Release> marks, String when) {
        if (marks.isEmpty()) {
            return;
        }
        try {
            release.accept(marks);
        } catch (RuntimeException e) {
            LOG.debug("dropping the marks of {} committed transaction(s){} failed; the recovery sweep drops them: {}",
                    marks.size(), when, e.getMessage());
        }
    }
}
