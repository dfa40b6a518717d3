package io.writethrough.redis;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A deadline on sending to Redis. Java has no timeout on socket writes: a send larger than the socket buffers waits
 * until the server reads, and a server that stopped reading (frozen, swapped out, behind a stalled network) may never
 * read again. A guarded send that has not finished within the timeout has its connection closed, which ends the
 * blocked write; the caller then fails as after a reply that did not come in time (the commands sent may or may not
 * run), so the statement fails with 40003 instead of waiting for good.
 *
 * <p>Sends below {@link #GUARDED_BYTES} are not guarded: that much always fits in the socket buffers of a connection
 * whose earlier replies were read, and a timer per send would cost every statement. A timer thread lives only while
 * guarded sends are under way (it ends after a second idle), so that an application server can unload the driver.
 */
final class SendDeadline {

    /** Far below any operating system's socket buffers (Linux starts a connection's at 16 KB sent + 128 KB received). */
    static final long GUARDED_BYTES = 64 * 1024;

    /** What RESP adds to each argument ({@code $<length>\r\n ... \r\n}), counted without the length's digits. */
    private static final int FRAMING_BYTES = 5;

    private SendDeadline() {
    }

    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "writethrough-send-deadline");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            return timer;
        }
    }

    /**
     * Runs {@code send}, which writes about {@code bytes} to {@code connection}, closing the connection if it has not
     * returned within {@code timeoutMillis} once {@code bytes} reach {@link #GUARDED_BYTES}.
     *
     * @throws JedisConnectionException caused by a {@link SocketTimeoutException} when the deadline closed it
     */
    static void guard(Connection connection, long bytes, int timeoutMillis, Runnable send) {
        if (bytes < GUARDED_BYTES) {
            send.run();
            return;
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> closer = Timer.INSTANCE.schedule(() -> {
            expired.set(true);
            try {
                connection.forceDisconnect();
            } catch (IOException | RuntimeException e) {
                // closed anyway: the blocked write fails either way
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            send.run();
        } catch (JedisConnectionException e) {
            if (expired.get()) {
                SocketTimeoutException timeout = new SocketTimeoutException("Redis did not read " + (bytes / 1024)
                        + " KB sent to it within " + timeoutMillis + " ms (redis.timeout.ms); the connection was closed");
                timeout.initCause(e);
                throw new JedisConnectionException(timeout);
            }
            throw e;
        } finally {
            closer.cancel(false);
        }
    }

    /** About the bytes a script call sends (its SHA-1 or script is not counted). */
    static long bytesOf(LuaScript.Call call) {
        return bytesOf(call.keys()) + bytesOf(call.args());
    }

    /** About the bytes these script calls send. */
    static long bytesOfCalls(List<LuaScript.Call> calls) {
        long bytes = 0;
        for (LuaScript.Call call : calls) {
            bytes += bytesOf(call);
        }
        return bytes;
    }

    /** About the bytes a command sends. */
    static long bytesOf(CommandArguments command) {
        long bytes = 0;
        for (Rawable argument : command) {
            bytes += argument.getRaw().length + FRAMING_BYTES;
        }
        return bytes;
    }

    private static long bytesOf(List<byte[]> items) {
        long bytes = 0;
        for (byte[] item : items) {
            bytes += item.length + FRAMING_BYTES;
        }
        return bytes;
    }
}
