package io.writethrough.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for tests, examples and benchmarks: an existing server, a Testcontainers container or an
 * embedded server (zonky). Usable outside JUnit:
 * <pre>{@code
 * try (PostgresService pg = PostgresService.start(); Connection c = pg.connect()) { ... }
 * }</pre>
 * {@link ServiceResolver#postgres()} hands out one shared instance per JVM instead.
 */
public final class PostgresService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresService.class);
    static final String POSTGRES_IMAGE = "postgres:15-alpine";

    private final ServiceSource source;
    private final String jdbcUrl;
    private final AutoCloseable owned;

    private PostgresService(ServiceSource source, String jdbcUrl, AutoCloseable owned) {
        this.source = source;
        this.jdbcUrl = jdbcUrl;
        this.owned = owned;
    }

    /**
     * Resolves a PostgreSQL in the order of docs/design.md#how-it-is-tested: {@code WRITETHROUGH_TEST_JDBC_URL},
     * then a container when Docker answers, then embedded; logs which one at INFO. The caller closes it.
     */
    public static PostgresService start() {
        String fromEnvironment = System.getenv(ServiceResolver.JDBC_URL_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return logged(external(fromEnvironment), 0);
        }
        boolean docker = DockerCheck.isAvailable();
        long started = System.nanoTime();
        PostgresService service = docker ? startContainer() : startEmbedded();
        return logged(service, started);
    }

    /**
     * An already running server; closing it does nothing.
     *
     * @param jdbcUrl a {@code jdbc:postgresql://host:port/database?user=…} URL carrying whatever credentials it needs
     * @throws IllegalArgumentException when the URL does not start with {@code jdbc:postgresql:}
     */
    public static PostgresService external(String jdbcUrl) {
        String url = jdbcUrl.trim();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("expected a PostgreSQL JDBC URL starting with \"jdbc:postgresql://\", got one for "
                    + JdbcUrl.address(url));
        }
        return new PostgresService(ServiceSource.ENVIRONMENT, url, null);
    }

    /** Starts a {@value #POSTGRES_IMAGE} container. Needs a Docker engine. */
    public static PostgresService startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        String url = JdbcUrl.withParameter(JdbcUrl.withParameter(container.getJdbcUrl(),
                "user", container.getUsername()), "password", container.getPassword());
        return new PostgresService(ServiceSource.TESTCONTAINERS, url, container);
    }

    /** Starts an embedded PostgreSQL (zonky's binaries from the jar) on a free port, database {@code postgres}. */
    public static PostgresService startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new PostgresService(ServiceSource.EMBEDDED, postgres.getJdbcUrl("postgres", "postgres"), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** The real {@code jdbc:postgresql://…} URL, credentials included. Do not log it; log {@link #address()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** {@code host:port/database} without credentials: safe to log. */
    public String address() {
        return JdbcUrl.address(jdbcUrl);
    }

    public ServiceSource source() {
        return source;
    }

    /** A new raw pgjdbc connection to the database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** Stops the container or embedded server this service started; does nothing for an external server. */
    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("stopping {} PostgreSQL at {} failed: {}", source, address(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "PostgresService[" + source + " " + address() + "]";
    }

    private static PostgresService logged(PostgresService service, long startedNanos) {
        if (startedNanos == 0) {
            LOG.info("PostgreSQL for tests: {} at {} (from {})", service.source, service.address(), ServiceResolver.JDBC_URL_VARIABLE);
        } else {
            LOG.info("PostgreSQL for tests: {} at {}, started in {} ms", service.source, service.address(),
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        return service;
    }
}
