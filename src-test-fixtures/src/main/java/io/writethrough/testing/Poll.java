package io.writethrough.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition by asking it again and again until a deadline: the fixtures' only way to wait for Redis
 * (no sleep stands in for synchronisation). The condition describes what is still wrong, so that a timeout says
 * what it was waiting for and what it last saw.
 */
public final class Poll {

    /** Short, since a failover or a slot move is over within milliseconds of its cause; long enough to be cheap. */
    static final Duration INTERVAL = Duration.ofMillis(25);

    private Poll() {
    }

    /**
     * Returns once {@code problem} returns null; an exception it throws (a node that does not answer yet, say)
     * counts as "not yet", described by the exception.
     *
     * @param what    what is awaited, for the timeout's message
     * @param problem what is still wrong, or null when the condition holds
     * @throws IllegalStateException at the deadline, naming what was awaited and the last problem seen
     */
    public static void until(String what, Duration timeout, Supplier<String> problem) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last;
        while (true) {
            try {
                last = problem.get();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            if (last == null) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                Thread.sleep(INTERVAL.toMillis()); // polling interval, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what + "; last seen: " + last, e);
            }
        }
        throw new IllegalStateException(what + " did not happen within " + timeout.toMillis() + " ms; last seen: "
                + last);
    }
}
