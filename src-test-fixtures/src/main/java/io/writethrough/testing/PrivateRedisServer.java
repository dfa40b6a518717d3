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

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

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
 *
 * <p>The nodes of {@link PrivateRedisCluster}, {@link PrivateRedisSentinel} and {@link PrivateTlsRedis} are such
 * servers too, started with more options; a restart keeps what is in their directory (a cluster node's
 * {@code nodes.conf}, a sentinel's configuration file) but no data.
 */
public final class PrivateRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRedisServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LAUNCH_ATTEMPTS = 3;
    private static final String CONFIG_FILE = "redis.conf";
    private static final Set<PrivateRedisServer> RUNNING = new LinkedHashSet<>();
    private static boolean shutdownHookAdded;

    private final Path binary;
    private final int majorVersion;
    private final int port;
    private final Path directory;
    private final ServerSetup setup;
    private volatile Process process;
    private boolean paused;
    private boolean closed;

    private PrivateRedisServer(Path binary, int majorVersion, int port, Path directory, ServerSetup setup) {
        this.binary = binary;
        this.majorVersion = majorVersion;
        this.port = port;
        this.directory = directory;
        this.setup = setup;
    }

    /** Starts a server on a free port, using {@code redis-server} from {@code PATH} or else the embedded one. */
    public static PrivateRedisServer launch() {
        return launch(RedisBinary.preferred());
    }

    /** Starts a server from the given {@code redis-server} executable on a free port. */
    public static PrivateRedisServer launch(Path binary) {
        return launch(binary, ServerSetup.plain());
    }

    /** Starts a server set up for the cluster, Sentinel or TLS fixtures, from {@code redis-server} on the path. */
    static PrivateRedisServer launch(ServerSetup setup) {
        return launch(RedisBinary.preferred(), setup);
    }

    static PrivateRedisServer launch(Path binary, ServerSetup setup) {
        int majorVersion = RedisBinary.majorVersion(binary);
        Path directory;
        try {
            directory = Files.createTempDirectory("writethrough-redis-");
            if (setup.configFile() != null) {
                // Written once: a restart keeps what the server rewrote into it (Sentinel's state, for one).
                Files.writeString(directory.resolve(CONFIG_FILE), setup.configFile(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a working directory for redis-server", e);
        }
        // A free port can be taken by someone else before redis-server binds it; then try another one.
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++) {
            PrivateRedisServer server = new PrivateRedisServer(binary, majorVersion, setup.ports().getAsInt(),
                    directory, setup);
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

    /** {@code redis://127.0.0.1:<port>}, or {@code rediss://…} for a server that speaks only TLS. */
    public String url() {
        return (setup.tls() != null ? "rediss://" : "redis://") + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    /** The port it serves clients on: its TLS port for a server that speaks only TLS. */
    public int port() {
        return port;
    }

    /** The directory it runs in (its {@code dir}): its log, and a cluster node's {@code nodes.conf}. */
    public Path directory() {
        return directory;
    }

    /** The executable this server runs. */
    public Path binary() {
        return binary;
    }

    /** True while the process is alive (also while it is {@link #pause() paused}). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** True while the process is {@link #pause() paused}. */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /** Running and not paused: it answers. */
    synchronized boolean isServing() {
        return isRunning() && !paused;
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
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        if (setup.configFile() != null) {
            command.add(directory.resolve(CONFIG_FILE).toString()); // redis-server takes it only as its first argument
        }
        if (setup.tls() != null) {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        command.addAll(List.of(
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
        command.addAll(setup.arguments());
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
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(HOST, port), 200);
            plain.setSoTimeout(500);
            Socket socket = plain;
            if (setup.tls() != null) {
                SSLSocket tls = (SSLSocket) setup.tls().createSocket(plain, HOST, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                socket = tls;
            }
            OutputStream out = socket.getOutputStream();
            if (setup.user() != null) {
                out.write(resp("AUTH", setup.user(), setup.password()));
            }
            out.write(resp("PING"));
            out.flush();
            InputStream in = socket.getInputStream();
            if (setup.user() != null && !"+OK".equals(readLine(in))) {
                return false;
            }
            return "+PONG".equals(readLine(in));
        } catch (IOException e) {
            return false;
        }
    }

    /** A command as a RESP array: a password may hold spaces or quotes, which an inline command cannot. */
    private static byte[] resp(String... words) {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(word).append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before a whole reply");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private Path logFile() {
        return directory.resolve("redis-" + port + ".log");
    }

    /** The last 20 lines of its log, for failure messages. */
    String logTail() {
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
