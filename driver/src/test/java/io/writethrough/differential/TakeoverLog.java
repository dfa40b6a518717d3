package io.writethrough.differential;

import io.writethrough.redis.OwnershipProtocol;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;

/**
 * Watches a private Redis with {@code MONITOR} and records every key whose ownership mark was taken over: the
 * write script found another transaction's mark (an owner that may be between a failed statement and its undo, or
 * committed with its mark not yet released). If the new owner rolls back and cannot learn whether the old one
 * committed, the driver deletes the key: a cache miss by design. The differential oracle accepts a missing entry
 * only on such a key, and reports how many there were.
 *
 * <p>Only for a Redis of the test's own: MONITOR sees every client's commands.
 */
final class TakeoverLog implements AutoCloseable {

    private final Socket socket;
    private final Thread reader;
    private final Set<String> takenOver = ConcurrentHashMap.newKeySet();
    private final AtomicLong takeovers = new AtomicLong();
    private volatile boolean closed;
    private volatile IOException failure;

    private TakeoverLog(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "takeover-log");
        this.reader.setDaemon(true);
    }

    /** Starts monitoring; returns once Redis has acknowledged MONITOR, so every later command is seen. */
    static TakeoverLog start(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        TakeoverLog log = new TakeoverLog(socket);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String ok = readLine(in);
        if (!"+OK".equals(ok)) {
            socket.close();
            throw new IOException("MONITOR was answered with " + ok);
        }
        log.input = in;
        log.reader.start();
        return log;
    }

    private InputStream input;

    /** Data keys whose mark was taken over at least once. */
    Set<String> takenOver() {
        return takenOver;
    }

    long takeovers() {
        return takeovers.get();
    }

    /**
     * Returns once every command Redis ran before this call has been processed: sends {@code ECHO} with a unique
     * marker through {@code redis} and waits (at most 30 s) for it to come through the monitor.
     */
    void catchUp(UnifiedJedis redis) throws InterruptedException {
        String marker = "takeover-log-" + System.nanoTime();
        redis.echo(marker);
        long deadline = System.currentTimeMillis() + 30_000;
        synchronized (this) {
            while (!lastLine.contains(marker) && System.currentTimeMillis() < deadline && failure == null && !closed) {
                wait(50);
            }
        }
        if (!lastLine.contains(marker)) {
            throw new IllegalStateException("the MONITOR stream did not catch up within 30 s", failure);
        }
    }

    private volatile String lastLine = "";

    private void read() {
        List<String> previous = List.of();
        List<String> beforePrevious = List.of();
        try {
            String line;
            while ((line = readLine(input)) != null) {
                if (line.contains(" lua] ")) {
                    List<String> command = arguments(line);
                    if (isTakeover(beforePrevious, previous, command)) {
                        takeovers.incrementAndGet();
                        takenOver.add(command.get(1).substring(OwnershipProtocol.MARK_PREFIX.length()));
                    }
                    beforePrevious = previous;
                    previous = command;
                } else {
                    beforePrevious = List.of();
                    previous = List.of();
                }
                synchronized (this) {
                    lastLine = line;
                    notifyAll();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failure = e;
            }
        }
    }

    /**
     * A takeover as write.lua does it: reading the old owner's xid, before-image and savepoint flag
     * ({@code HMGET mark x u v p s}), or,
     * in the driver's first design, replacing the mark with an empty one ({@code HGET}, {@code DEL}, {@code HSET t}).
     */
    private static boolean isTakeover(List<String> first, List<String> second, List<String> third) {
        if (third.size() >= 6 && third.get(0).equalsIgnoreCase("HMGET") && third.get(1).startsWith(OwnershipProtocol.MARK_PREFIX)
                && third.subList(2, 6).equals(List.of("x", "u", "v", "p"))) {
            return true;
        }
        return third.size() == 4 && third.get(0).equalsIgnoreCase("HSET") && third.get(2).equals("t")
                && third.get(1).startsWith(OwnershipProtocol.MARK_PREFIX)
                && second.size() == 2 && second.get(0).equalsIgnoreCase("DEL") && second.get(1).equals(third.get(1))
                && first.size() == 3 && first.get(0).equalsIgnoreCase("HGET") && first.get(1).equals(third.get(1));
    }

    /** The quoted arguments of a MONITOR line such as {@code +1.2 [0 lua] "DEL" "k"}, unescaped and read as UTF-8. */
    static List<String> arguments(String line) {
        List<String> out = new ArrayList<>();
        int i = line.indexOf(']');
        while (i >= 0 && i < line.length()) {
            int open = line.indexOf('"', i + 1);
            if (open < 0) {
                break;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            int j = open + 1;
            while (j < line.length() && line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char n = line.charAt(++j);
                    switch (n) {
                        case 'n' -> arg.write('\n');
                        case 'r' -> arg.write('\r');
                        case 't' -> arg.write('\t');
                        case 'a' -> arg.write(7);
                        case 'b' -> arg.write('\b');
                        case 'x' -> {
                            arg.write(Integer.parseInt(line.substring(j + 1, j + 3), 16));
                            j += 2;
                        }
                        default -> arg.write(n);
                    }
                } else {
                    arg.write(c);
                }
                j++;
            }
            out.add(arg.toString(StandardCharsets.UTF_8));
            i = j;
        }
        return out;
    }

    /** Reads one CRLF-terminated line as bytes, then decodes it: MONITOR escapes every non-printable byte. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
