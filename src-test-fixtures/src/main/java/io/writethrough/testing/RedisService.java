package io.writethrough.testing;

import java.net.URI;
import java.net.URISyntaxException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Redis for tests, examples and benchmarks: an existing server, a Testcontainers container or an embedded
 * {@code redis-server} process. Usable outside JUnit:
 * <pre>{@code
 * try (RedisService redis = RedisService.start()) {
 *     RedisClient client = RedisClient.create(redis.url());
 * }
 * }</pre>
 * {@link ServiceResolver#redis()} hands out one shared instance per JVM instead.
 */
public final class RedisService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisService.class);
    static final String REDIS_IMAGE = "redis:7-alpine";

    private final ServiceSource source;
    private final String url;
    private final String address;
    private final AutoCloseable owned;

    private RedisService(ServiceSource source, String url, AutoCloseable owned) {
        this.source = source;
        this.url = url;
        this.address = address(url);
        this.owned = owned;
    }

    /**
     * Resolves a Redis in the order of docs/design.md#how-it-is-tested: {@code WRITETHROUGH_TEST_REDIS_URL}, then a
     * container when Docker answers, then embedded; logs which one at INFO. The caller closes it.
     */
    public static RedisService start() {
        String fromEnvironment = System.getenv(ServiceResolver.REDIS_URL_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return logged(external(fromEnvironment), 0);
        }
        boolean docker = DockerCheck.isAvailable();
        long started = System.nanoTime();
        RedisService service = docker ? startContainer() : startEmbedded();
        return logged(service, started);
    }

    /**
     * An already running server at {@code redis://[user:password@]host:port[/db]}; closing it does nothing.
     *
     * @throws IllegalArgumentException when the URL is not a {@code redis://} or {@code rediss://} URL with a host
     */
    public static RedisService external(String url) {
        return new RedisService(ServiceSource.ENVIRONMENT, validated(url), null);
    }

    /** Starts a {@value #REDIS_IMAGE} container. Needs a Docker engine. */
    public static RedisService startContainer() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        container.start();
        String url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        return new RedisService(ServiceSource.TESTCONTAINERS, url, container);
    }

    /** Starts the {@code redis-server} binary shipped in the embedded-redis jar on a free loopback port. */
    public static RedisService startEmbedded() {
        PrivateRedisServer server = PrivateRedisServer.launch(RedisBinary.embedded());
        return new RedisService(ServiceSource.EMBEDDED, server.url(), server);
    }

    /** The URL to connect with, credentials included when the server needs them. Do not log it; log {@link #address()}. */
    public String url() {
        return url;
    }

    /** {@code host:port[/db]} without credentials: safe to log. */
    public String address() {
        return address;
    }

    public ServiceSource source() {
        return source;
    }

    /** Stops the container or process this service started; does nothing for an external server. */
    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("stopping {} Redis at {} failed: {}", source, address, e.toString());
        }
    }

    @Override
    public String toString() {
        return "RedisService[" + source + " " + address + "]";
    }

    private static RedisService logged(RedisService service, long startedNanos) {
        if (startedNanos == 0) {
            LOG.info("Redis for tests: {} at {} (from {})", service.source, service.address, ServiceResolver.REDIS_URL_VARIABLE);
        } else {
            LOG.info("Redis for tests: {} at {}, started in {} ms", service.source, service.address,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        return service;
    }

    private static String validated(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis URL is not a valid URI (expected redis://host:port): "
                    + e.getReason() + " at index " + e.getIndex());
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected a Redis URL of the form redis://[user:password@]host:port[/db], got one "
                    + (uri.getScheme() == null ? "without a scheme" : "with scheme \"" + uri.getScheme() + "\"")
                    + (uri.getHost() == null ? " and without a host" : ""));
        }
        return url.trim();
    }

    private static String address(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
    }
}
