package io.writethrough.testing;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.RedisClient;

/**
 * The one PostgreSQL and the one Redis shared by everything in this JVM (tests, examples, benchmarks),
 * resolved on first use in the order of docs/design.md#how-it-is-tested and stopped by a shutdown hook:
 * <ol>
 *   <li>{@value #JDBC_URL_VARIABLE} / {@value #REDIS_URL_VARIABLE}, each on its own;</li>
 *   <li>Testcontainers, when a Docker engine answers;</li>
 *   <li>embedded PostgreSQL (zonky) and embedded {@code redis-server}.</li>
 * </ol>
 * The chosen source and address (never credentials) are logged at INFO. A failed start is remembered and
 * rethrown to every later caller, so a broken machine costs one attempt, not one per test.
 */
public final class ServiceResolver {

    /** Environment variable holding a real {@code jdbc:postgresql://…} URL to use instead of starting a server. */
    public static final String JDBC_URL_VARIABLE = "WRITETHROUGH_TEST_JDBC_URL";
    /** Environment variable holding a {@code redis://host:port} URL to use instead of starting a server. */
    public static final String REDIS_URL_VARIABLE = "WRITETHROUGH_TEST_REDIS_URL";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceResolver.class);

    private static final Shared<PostgresService> POSTGRES = new Shared<>("PostgreSQL", PostgresService::start);
    private static final Shared<RedisService> REDIS = new Shared<>("Redis", RedisService::start);
    private static final Shared<RedisClient> REDIS_CLIENT = new Shared<>("Redis client",
            () -> RedisClient.create(REDIS.get().url()));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceResolver::closeAll, "writethrough-test-services-stop"));
    }

    private ServiceResolver() {
    }

    /** The shared PostgreSQL, started on first call. Do not close it. */
    public static PostgresService postgres() {
        return POSTGRES.get();
    }

    /** The shared Redis, started on first call. Do not close it. */
    public static RedisService redis() {
        return REDIS.get();
    }

    /** One Jedis client for the shared Redis, for everything in this JVM. Do not close it. */
    public static RedisClient redisClient() {
        return REDIS_CLIENT.get();
    }

    private static void closeAll() {
        REDIS_CLIENT.close();
        REDIS.close();
        POSTGRES.close();
    }

    /** A value created once, on first use, and closed at JVM exit. */
    private static final class Shared<T extends AutoCloseable> {

        private final String what;
        private final Supplier<T> factory;
        private T value;
        private RuntimeException failure;

        Shared(String what, Supplier<T> factory) {
            this.what = what;
            this.factory = factory;
        }

        synchronized T get() {
            if (value == null) {
                if (failure != null) {
                    throw new IllegalStateException("the shared " + what + " for tests could not be started earlier in this JVM", failure);
                }
                try {
                    value = factory.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return value;
        }

        synchronized void close() {
            if (value == null) {
                return;
            }
            try {
                value.close();
            } catch (Exception e) {
                LOG.warn("closing the shared {} failed: {}", what, e.toString());
            }
            value = null;
        }
    }
}
