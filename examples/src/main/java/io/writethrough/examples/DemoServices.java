package io.writethrough.examples;

import io.writethrough.testing.PostgresService;
import io.writethrough.testing.RedisService;
import io.writethrough.testing.ServiceSource;
import java.util.Locale;

/**
 * The PostgreSQL and the Redis the demo talks to: the ones named by URL, or embedded ones started here with the test
 * fixtures' launchers (zonky's PostgreSQL binaries, the redis-server binary shipped in a jar).
 */
final class DemoServices implements AutoCloseable {

    private final PostgresService postgres;
    private final RedisService redis;
    private final String postgresOrigin;
    private final String redisOrigin;

    private DemoServices(PostgresService postgres, String postgresOrigin, RedisService redis, String redisOrigin) {
        this.postgres = postgres;
        this.postgresOrigin = postgresOrigin;
        this.redis = redis;
        this.redisOrigin = redisOrigin;
    }

    /**
     * Uses the given servers, starting an embedded one for each URL that is {@code null} or blank.
     *
     * @param jdbcUrl  a real {@code jdbc:postgresql://…} URL (a {@code jdbc:writethrough:} one is accepted too), or null
     * @param redisUrl a {@code redis://host:port} URL, or null
     */
    static DemoServices resolve(String jdbcUrl, String redisUrl) {
        boolean embeddedPostgres = jdbcUrl == null || jdbcUrl.isBlank();
        long started = System.nanoTime();
        PostgresService postgres = embeddedPostgres ? PostgresService.startEmbedded()
                : PostgresService.external(jdbcUrl.trim().replaceFirst("^jdbc:writethrough:", "jdbc:"));
        String postgresOrigin = origin(postgres.source(), started);
        try {
            started = System.nanoTime();
            RedisService redis = redisUrl == null || redisUrl.isBlank() ? RedisService.startEmbedded() : RedisService.external(redisUrl);
            return new DemoServices(postgres, postgresOrigin, redis, origin(redis.source(), started));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** The URL an application would use: the real one with {@code jdbc:} turned into {@code jdbc:writethrough:}. Carries credentials. */
    String writeThroughUrl() {
        return "jdbc:writethrough:" + postgres.jdbcUrl().substring("jdbc:".length());
    }

    /** The writethrough URL without user, password or parameters: safe to print. */
    String shownWriteThroughUrl() {
        return "jdbc:writethrough:postgresql://" + postgres.address();
    }

    /** The Redis URL, credentials included when it has any. Never print it. */
    String redisUrl() {
        return redis.url();
    }

    String describePostgres() {
        return postgres.address() + " (" + postgresOrigin + ")";
    }

    String describeRedis() {
        return redis.address() + " (" + redisOrigin + ")";
    }

    /** Whether both servers outlive the demo, so that what it wrote can be looked at afterwards. */
    boolean bothGiven() {
        return postgres.source() != ServiceSource.EMBEDDED && redis.source() != ServiceSource.EMBEDDED;
    }

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            postgres.close();
        }
    }

    private static String origin(ServiceSource source, long startedNanos) {
        return source != ServiceSource.EMBEDDED ? "given"
                : String.format(Locale.ROOT, "embedded, started in %.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
