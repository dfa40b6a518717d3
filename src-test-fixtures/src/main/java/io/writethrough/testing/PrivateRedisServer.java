package io.writethrough.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code redis-server} process of its own on a free loopback port, for fault tests that stop, kill or freeze
 * Redis. It never touches the shared Redis.
 *
 * <p>Uses {@code redis-server} from {@code PATH} when there is one, else the binary shipped in the
 * embedded-redis jar. Runs without persistence ({@code --save "" --appendonly no}), so a restart starts empty.
 * With Redis 7 or later, {@code DEBUG} is enabled for local clients ({@code DEBUG SLEEP} makes a slow server).
 * Every server still running when the JVM exits is killed by a shutdown hook.
 */
public final class PrivateRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRedisServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LAUNCH_ATTEMPTS = 3;
    private static final Set<PrivateRedisServer> RUNNING = new LinkedHashSet<>();
    private static boolean shutdownHookAdded;

    private final Path binary;
    private final int majorVersion;
    private final int port;
    private final Path directory;
    private volatile Process process;
    private boolean paused;
    private boolean closed;

    private PrivateRedisServer(Path binary, int majorVersion, int port, Path directory) {
        this.binary = binary;
        this.majorVersion = majorVersion;
        this.port = port;
        this.directory = directory;
    }

    /** Starts a server on a free port, using {@code redis-server} from {@code PATH} or else the embedded one. */
    public static PrivateRedisServer launch() {
        return launch(RedisBinary.preferred());
    }

    /** Starts a server from the given {@code redis-server} executable on a free port. */
    public static PrivateRedisServer launch(Path binary) {
        int majorVersion = RedisBinary.majorVersion(binary);
        Path directory;
        try {
            directory = Files.createTempDirectory("writethrough-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a working directory for redis-server", e);
        }
        // A free port can be taken by someone else before redis-server binds it; then try another one.
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
            PrivateRedisServer server = new PrivateRedisServer(binary, majorVersion, FreePort.find(), directory);
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                lastFailure = e;
                server.kill();
            }
        }
        deleteDirectory(directory);
        throw lastFailure;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The executable this server runs. */
    public Path binary() {
        return binary;
    }

    /** True while the process is alive (also while it is {@link #pause() paused}). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server again on the same port, empty, and returns once it answers {@code PING}.
     * Does nothing when it is already running.
     *
     * @throws IllegalStateException when the process exits or does not answer within 15 s, with its log's tail
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("private Redis on port " + port + " is closed");
        }
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", directory.toString(),
                "--logfile", ""));
        if (majorVersion >= 7) {
            command.add("--enable-debug-command");
            command.add("local");
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        paused = false;
        register(this);
        awaitReady();
        LOG.debug("private Redis started on {}:{} ({})", HOST, port, binary);
    }

    /** Shuts the server down (SIGTERM) and waits until the process has exited. Does nothing when it is not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
        unregister(this);
    }

    /** Kills the server (SIGKILL), as a crash would, and waits until the process has exited. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        paused = false;
        unregister(this);
    }

    /**
     * Freezes the process (SIGSTOP): connections are still accepted by the kernel but nothing is answered,
     * so clients run into their timeouts. {@link #resume()} continues it.
     */
    public synchronized void pause() {
        requireRunning("pause");
        signal("-STOP");
        paused = true;
    }

    /** Continues a {@link #pause() paused} server (SIGCONT). */
    public synchronized void resume() {
        requireRunning("resume");
        signal("-CONT");
        paused = false;
    }

    /** Stops the server and deletes its working directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        deleteDirectory(directory);
    }

    @Override
    public String toString() {
        return "PrivateRedisServer[" + HOST + ":" + port + "]";
    }

    private void requireRunning(String action) {
        if (!isRunning()) {
            throw new IllegalStateException("cannot " + action + " private Redis on port " + port + ": it is not running");
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + " before answering PING; its log ends with:\n" + logTail());
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(10); // readiness polling interval, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server on port " + port, e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + READY_TIMEOUT.toSeconds() + " s; its log ends with:\n" + logTail());
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private Path logFile() {
        return directory.resolve("redis-" + port + ".log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void register(PrivateRedisServer server) {
        synchronized (RUNNING) {
            RUNNING.add(server);
            if (!shutdownHookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(PrivateRedisServer::killAll, "private-redis-cleanup"));
                shutdownHookAdded = true;
            }
        }
    }

    private static void unregister(PrivateRedisServer server) {
        synchronized (RUNNING) {
            RUNNING.remove(server);
        }
    }

    private static void killAll() {
        List<PrivateRedisServer> servers;
        synchronized (RUNNING) {
            servers = new ArrayList<>(RUNNING);
        }
        for (PrivateRedisServer server : servers) {
            Process p = server.process;
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", directory, e.toString());
        }
    }
}
