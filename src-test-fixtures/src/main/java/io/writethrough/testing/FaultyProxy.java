package io.writethrough.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a free loopback port in front of one target (a {@link PrivateRedisServer}, typically) that
 * injects network faults on command: latency, a stall (bytes are held, connections stay open), cutting every
 * open connection, refusing new ones, and acting on the n-th Redis command from now: cutting its connection before
 * the command reaches the server or after the server ran it but before its reply gets back, or holding the command
 * back, as a packet stuck in the network, and delivering it later when the client has long given up.
 *
 * <p>Plain blocking sockets, two daemon threads per connection, all named {@code faulty-proxy-<port>…} so that
 * leak checks can tell them from the code under test's. Loopback only: it listens on 127.0.0.1 and refuses a
 * non-loopback target.
 */
public final class FaultyProxy implements AutoCloseable {

    /** Prefix of the name of every thread the proxy runs. */
    public static final String THREAD_PREFIX = "faulty-proxy-";

    private static final Logger LOG = LoggerFactory.getLogger(FaultyProxy.class);
    private static final int BUFFER = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    /** What happens to the connection carrying the command that a {@link #cutAtCommand} countdown reaches. */
    public enum Cut {
        /** The command never reaches the server: the connection is closed instead of forwarding it. */
        BEFORE_COMMAND,
        /** The server receives and runs the command; the connection is closed when its reply arrives, unforwarded. */
        BEFORE_REPLY,
        /**
         * The command is held in the proxy, as a packet stuck in the network, until {@link #releaseHeld()}; then it
         * reaches the server even if the client gave up on it meanwhile. Other connections flow on.
         */
        HOLD
    }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicInteger countdown = new AtomicInteger(-1);
    /** Only commands containing these bytes count down; null: every command. */
    private volatile byte[] matching;
    private final Object flow = new Object();
    private volatile Cut cut = Cut.BEFORE_COMMAND;
    private volatile long latencyNanos;
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile boolean closed;
    private volatile boolean held;
    private volatile CountDownLatch holdRelease = new CountDownLatch(0);

    private FaultyProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, THREAD_PREFIX + server.getLocalPort() + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy to {@code host:port} on a free loopback port.
     *
     * @throws IllegalArgumentException when the target is not a loopback address
     */
    public static FaultyProxy start(String host, int port) {
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("FaultyProxy only forwards to loopback addresses, not to " + host);
        }
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            FaultyProxy proxy = new FaultyProxy(target, server);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for the proxy", e);
        }
    }

    /** Starts a proxy in front of a private Redis. */
    public static FaultyProxy startFor(PrivateRedisServer redis) {
        return start(redis.host(), redis.port());
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code redis://127.0.0.1:<proxy port>}: the URL to give a Redis client instead of the target's. */
    public String redisUrl() {
        return "redis://" + host() + ":" + port();
    }

    /** Delays every chunk of bytes, in both directions, by this much ({@link Duration#ZERO} for none). */
    public void setLatency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /** Stops forwarding: bytes already read are held, connections stay open, clients run into their timeouts. */
    public void stall() {
        stalled = true;
    }

    /** Forwards again after {@link #stall()}: held bytes go on. */
    public void unstall() {
        synchronized (flow) {
            stalled = false;
            flow.notifyAll();
        }
    }

    /** While set, new connections are accepted and closed at once (the target looks down). */
    public void refuseConnections(boolean refuse) {
        refusing = refuse;
    }

    /** Closes every open connection now, both sides. */
    public void cutConnections() {
        for (Link link : links) {
            link.close();
        }
    }

    /**
     * Counts Redis commands (RESP arrays or inline commands, client to server, over all connections) from now:
     * the connection that carries the {@code n}-th is cut as {@code how} says. One countdown at a time;
     * {@code n} is at least 1.
     */
    public void cutAtCommand(int n, Cut how) {
        cutAtCommand(n, how, null);
    }

    /**
     * As {@link #cutAtCommand(int, Cut)}, counting only commands whose bytes contain {@code containing} (a field
     * name only the write carries, say), so that a command another connection sends meanwhile — a background release
     * of marks, a recovery sweep — is not the one cut. Null counts every command.
     */
    public void cutAtCommand(int n, Cut how, String containing) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        cut = how;
        matching = containing == null ? null : containing.getBytes(StandardCharsets.UTF_8);
        if (how == Cut.HOLD) {
            holdRelease = new CountDownLatch(1);
            held = false;
        }
        countdown.set(n);
    }

    /** True once a {@link Cut#HOLD} countdown has caught its command and holds it. */
    public boolean holding() {
        return held;
    }

    /** Lets a command held by {@link Cut#HOLD} go on to the server (on its original connection). */
    public void releaseHeld() {
        holdRelease.countDown();
    }

    /** True while a {@link #cutAtCommand} countdown has not been reached yet. */
    public boolean cutPending() {
        return countdown.get() > 0;
    }

    /** Back to a transparent proxy: no latency, no stall, accepting, no countdown. Open connections stay. */
    public void heal() {
        setLatency(Duration.ZERO);
        refuseConnections(false);
        countdown.set(-1);
        releaseHeld();
        unstall();
    }

    /** Connections currently open through the proxy. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted since the start (refused ones included). */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Complete commands seen from clients since the start. */
    public long commandsSeen() {
        return commands.get();
    }

    /** Stops listening and closes every connection; the proxy's threads end. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket only fails when it is closed already.
        }
        cutConnections();
        releaseHeld();
        unstall();
        try {
            acceptor.join(CONNECT_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultyProxy[127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accept failed: {}", this, e.toString());
                }
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MS);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                // The target is down: the client sees its connection closed, as with a refused connect.
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Link link = new Link(client, upstream, accepted.get());
            links.add(link);
            link.start();
        }
    }

    private boolean counts(ByteArrayOutputStream command) {
        byte[] wanted = matching;
        if (wanted == null) {
            return true;
        }
        byte[] bytes = command.toByteArray();
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Counts one command down; returns what is left, 0 for the command to cut, -1 when no countdown runs. */
    private int countDown() {
        while (true) {
            int left = countdown.get();
            if (left <= 0) {
                return -1;
            }
            if (countdown.compareAndSet(left, left - 1)) {
                return left - 1;
            }
        }
    }

    private void awaitRelease() {
        try {
            while (!closed && !holdRelease.await(100, TimeUnit.MILLISECONDS)) {
                // re-check closed: a closed proxy must not keep a pump thread waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitFlowing() {
        synchronized (flow) {
            while (stalled && !closed) {
                try {
                    flow.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void delay() {
        long nanos = latencyNanos;
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)); // simulated network latency
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed or broken: nothing left to release.
        }
    }

    /** One proxied connection: a client socket, the socket to the target and a pump thread per direction. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final Thread requests;
        private final Thread replies;
        private final RespCommandCounter counter = new RespCommandCounter();
        private volatile boolean dropReplies;

        Link(Socket client, Socket upstream, long number) {
            this.client = client;
            this.upstream = upstream;
            String name = THREAD_PREFIX + port() + "-" + number;
            this.requests = new Thread(this::pumpRequests, name + "-requests");
            this.replies = new Thread(this::pumpReplies, name + "-replies");
            requests.setDaemon(true);
            replies.setDaemon(true);
        }

        void start() {
            requests.start();
            replies.start();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
            links.remove(this);
        }

        private void pumpRequests() {
            byte[] buffer = new byte[BUFFER];
            // A command is forwarded only once it is complete, so a cut can fall exactly between two commands.
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlowing();
                    delay();
                    int from = 0;
                    while (from < n) {
                        int end = counter.feed(buffer, from, n);
                        if (end < 0) {
                            command.write(buffer, from, n - from);
                            break;
                        }
                        command.write(buffer, from, end - from);
                        from = end;
                        commands.incrementAndGet();
                        int left = counts(command) ? countDown() : -1;
                        if (left == 0 && cut == Cut.BEFORE_COMMAND) {
                            return;
                        }
                        if (left == 0 && cut == Cut.HOLD) {
                            held = true;
                            awaitRelease();
                            left = -1;
                        }
                        if (left == 0) {
                            // Before the write: the reply may come back before the write call returns.
                            dropReplies = true;
                        }
                        command.writeTo(out);
                        out.flush();
                        command.reset();
                    }
                }
            } catch (SocketException e) {
                // Closed by a cut, by the other pump or by a peer: the connection is over.
            } catch (IOException e) {
                LOG.debug("{}: request pump ended: {}", FaultyProxy.this, e.toString());
            } finally {
                close();
            }
        }

        private void pumpReplies() {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (dropReplies) {
                        return;
                    }
                    awaitFlowing();
                    delay();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException e) {
                // Closed by a cut, by the other pump or by a peer: the connection is over.
            } catch (IOException e) {
                LOG.debug("{}: reply pump ended: {}", FaultyProxy.this, e.toString());
            } finally {
                close();
            }
        }
    }
}
