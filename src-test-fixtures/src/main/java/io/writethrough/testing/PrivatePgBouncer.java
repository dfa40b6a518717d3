package io.writethrough.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * A PgBouncer of its own in front of a test's PostgreSQL, in transaction pooling mode with a few server connections,
 * which the clients share between transactions, as applications behind a pooler do in production: a session setting
 * one client leaves is what the next client finds. Started from the {@code pgbouncer} on the {@code PATH} (or
 * {@code /usr/sbin}) on a free loopback port; no authentication (it logs in as the test database's user). Each
 * server connection starts with {@code synchronous_commit = on}. Killed and its directory deleted by {@link #close()}.
 */
public final class PrivatePgBouncer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path directory;
    private final int port;
    private final String database;
    private final String user;
    private final int serverConnections;

    private PrivatePgBouncer(Process process, Path directory, int port, String database, String user,
            int serverConnections) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.database = database;
        this.user = user;
        this.serverConnections = serverConnections;
    }

    /**
     * Starts PgBouncer for {@code db}'s database, with at most {@code serverConnections} connections to it, and returns
     * once it accepts connections.
     *
     * @throws TestAbortedException when no {@code pgbouncer} is installed
     */
    public static PrivatePgBouncer launch(TestDatabase db, int serverConnections) {
        Path binary = binary();
        String address = JdbcUrl.address(db.jdbcUrl()); // host:port/database
        String server = address.substring(0, address.indexOf('/'));
        String database = address.substring(address.indexOf('/') + 1);
        String user = parameter(db.jdbcUrl(), "user", "postgres");
        int colon = server.lastIndexOf(':');
        String serverHost = colon < 0 ? server : server.substring(0, colon);
        String serverPort = colon < 0 ? "5432" : server.substring(colon + 1);
        int port = FreePort.find();
        Path directory;
        try {
            directory = Files.createTempDirectory("writethrough-pgbouncer-");
            // pgbouncer will not run as root: it drops to the database's user, who must read its files.
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path ini = directory.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    // Each server connection starts with synchronous_commit on, whatever the server's default (an
                    // embedded PostgreSQL runs with it off): a session setting a client leaves shows.
                    database + " = host=" + serverHost + " port=" + serverPort + " dbname=" + database + " user=" + user
                            + " connect_query='SET synchronous_commit = on'",
                    "[pgbouncer]",
                    "listen_addr = " + HOST,
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = any",
                    "pool_mode = transaction",
                    "default_pool_size = " + serverConnections,
                    "max_client_conn = 100",
                    // pgjdbc sends these; a pooler cannot keep per-client values of them across transactions.
                    "ignore_startup_parameters = extra_float_digits,options",
                    "logfile = " + directory.resolve("pgbouncer.log"),
                    "pidfile = " + directory.resolve("pgbouncer.pid"),
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a PgBouncer configuration", e);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", user));
        }
        command.add(directory.resolve("pgbouncer.ini").toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            PrivateRedisServer.deleteDirectory(directory);
            throw new UncheckedIOException("could not start " + binary, e);
        }
        PrivatePgBouncer bouncer = new PrivatePgBouncer(process, directory, port, database, user, serverConnections);
        try {
            Poll.until("PgBouncer on port " + port + " to accept connections", READY_TIMEOUT, bouncer::notReady);
        } catch (RuntimeException e) {
            String log = bouncer.log();
            bouncer.close();
            throw new IllegalStateException(e.getMessage() + "; its output:\n" + log, e);
        }
        return bouncer;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>?user=<user>&prepareThreshold=0}: through the pooler. */
    public String jdbcUrl() {
        // No server-side prepared statements: PgBouncer 1.18 does not keep them across transactions.
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database + "?user=" + user + "&prepareThreshold=0";
    }

    public int port() {
        return port;
    }

    /** The most connections it opens to the database; as many clients in transactions at once hold them all. */
    public int serverConnections() {
        return serverConnections;
    }

    private String notReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException("pgbouncer exited with code " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private String log() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "pgbouncer.log")) {
            try {
                out.append(Files.readString(directory.resolve(name), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not written
            }
        }
        return out.toString();
    }

    private static Path binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pgbouncer"))) {
                return Path.of(dir, "pgbouncer");
            }
        }
        throw new TestAbortedException("pgbouncer is not installed (Debian: apt-get install pgbouncer)");
    }

    private static String parameter(String url, String name, String fallback) {
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PrivateRedisServer.deleteDirectory(directory);
    }

    @Override
    public String toString() {
        return "PrivatePgBouncer[" + HOST + ":" + port + " -> " + database + "]";
    }
}
