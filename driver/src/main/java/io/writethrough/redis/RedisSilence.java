package io.writethrough.redis;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis has gone silent, so that calls stop waiting for it one after another.
 *
 * <p>When a call has waited a whole timeout and Redis has answered nobody meanwhile ({@link #waitedInVain()}), a
 * background probe opens a connection of its own (its handshake is a round trip). Calls that start meanwhile wait for
 * the probe's answer, at most a tenth of the timeout after the silence was noticed; if Redis has not answered by then
 * it is taken to be unresponsive and calls fail at once ({@link #check()} throws) instead of each waiting a timeout
 * again — above all calls that have already waited for a row lock held by a call that was waiting for Redis. The
 * probe tries again after each timeout; its answer, any reply on any connection ({@link #heard()}), or a refused
 * connection (then calls fail at once by themselves) ends that state. A single lost reply on a Redis that answers
 * everything else thus costs the calls that start meanwhile a round trip of the probe, not a failure.
 */
final class RedisSilence {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);

    /** One round trip to Redis on a connection of the probe's own; throws {@link JedisException} when it fails. */
    @FunctionalInterface
    interface Probe {
        void roundTrip();
    }

    private final int timeoutMillis;
    private final long timeoutNanos;
    /** How long after the silence was noticed calls wait for the probe's answer before they fail at once. */
    private final long graceNanos;
    private final Probe probe;

    /** When Redis last answered anything, on any connection ({@link System#nanoTime()}). */
    private volatile long lastReply = System.nanoTime();
    /** Redis left a call without an answer for a whole timeout and has answered nothing since. */
    private volatile boolean silent;
    /** When {@link #silent} was set; guarded by {@link #lock}, which is notified when it is cleared. */
    private long silentSince;
    private final Object lock = new Object();
    /** The probe's thread while it runs; guarded by this. */
    private Thread prober;
    private volatile boolean closed;

    RedisSilence(int timeoutMillis, Probe probe) {
        this.timeoutMillis = timeoutMillis;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.graceNanos = timeoutNanos / 10;
        this.probe = probe;
    }

    /**
     * Returns at once unless Redis went silent; then waits for the probe's answer until the grace is over.
     *
     * @throws RedisConnections.NotSent when Redis is taken to be unresponsive
     */
    void check() {
        if (!silent) {
            return;
        }
        synchronized (lock) {
            while (silent) {
                long left = silentSince + graceNanos - System.nanoTime();
                if (left <= 0) {
                    throw new RedisConnections.NotSent("Redis has not answered for over " + timeoutMillis
                            + " ms (redis.timeout.ms); not waiting for it again until it answers", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RedisConnections.NotSent("interrupted while waiting for Redis to answer", e);
                }
            }
        }
    }

    /** True once Redis is taken to be unresponsive: silent, and the probe did not answer within the grace. Never waits. */
    boolean unresponsive() {
        if (!silent) {
            return false;
        }
        synchronized (lock) {
            return silent && System.nanoTime() - silentSince >= graceNanos;
        }
    }

    /** Redis answered something (a reply, an error reply, a handshake). Cheap: the hot path calls it. */
    void heard() {
        lastReply = System.nanoTime();
        if (silent) {
            answered();
        }
    }

    /** Redis is not (or no longer) silent: calls stop waiting for it or failing at once. */
    private void answered() {
        synchronized (lock) {
            silent = false;
            lock.notifyAll();
        }
    }

    /** A round trip or a connect failed: if it timed out, see {@link #waitedInVain()}. */
    void failed(Throwable e) {
        if (timedOut(e)) {
            waitedInVain();
        }
    }

    /**
     * A call waited its whole timeout (for a connection, for a reply): if Redis has answered nobody for a whole
     * timeout, it is silent until it answers again.
     */
    void waitedInVain() {
        long now = System.nanoTime();
        if (now - lastReply >= timeoutNanos && !closed) {
            synchronized (lock) {
                if (!silent) {
                    silentSince = now;
                    silent = true;
                }
            }
            startProbe();
        }
    }

    /** Did this failure come from a socket timeout (a read, a connect)? */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SocketTimeoutException) {
                    return true;
                }
            }
        }
        return false;
    }

    private synchronized void startProbe() {
        if (prober != null || closed) {
            return;
        }
        prober = new Thread(this::probe, "writethrough-redis-probe");
        prober.setDaemon(true);
        prober.start();
    }

    /** Round trips until Redis answers, refuses, or this is closed. */
    private void probe() {
        try {
            while (silent && !closed) {
                try {
                    probe.roundTrip();
                    heard();
                } catch (JedisException e) {
                    if (!timedOut(e)) {
                        // Refused or closed: calls fail at once by themselves, no need to keep them from waiting.
                        answered();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            answered();
            LOG.warn("writethrough: the Redis probe stopped", e);
        } finally {
            synchronized (this) {
                prober = null;
            }
            if (silent && !closed) {
                startProbe();
            }
        }
    }

    /** No more probes; calls stop waiting. */
    void close() {
        closed = true;
        answered();
    }
}
