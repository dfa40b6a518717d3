package io.writethrough.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing tests a real PostgreSQL and a real Redis (resolved by {@link ServiceResolver}).
 * Parameters it resolves, in test methods, lifecycle methods and constructors:
 * <ul>
 *   <li>{@link TestDatabase}: a fresh schema, dropped after the test;</li>
 *   <li>{@link TestRedis}: a fresh key prefix on the shared Redis, whose keys are deleted after the test;</li>
 *   <li>{@link PrivateRedisServer}: a Redis process of the test's own, stopped after the test;</li>
 *   <li>{@link PostgresService} / {@link RedisService}: the shared services themselves (never closed by tests).</li>
 * </ul>
 * A test method and its {@code @BeforeEach}/{@code @AfterEach} methods get the same instances; parameters of
 * {@code @BeforeAll} methods or of a {@code PER_CLASS} constructor live as long as the test class.
 *
 * <pre>{@code
 * @ExtendWith(WriteThroughServices.class)
 * class UsersTest {
 *     @Test
 *     void writesThrough(TestDatabase db, TestRedis redis) { ... }
 * }
 * }</pre>
 */
public final class WriteThroughServices implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WriteThroughServices.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == TestRedis.class || type == PrivateRedisServer.class
                || type == PostgresService.class || type == RedisService.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == PostgresService.class) {
                return ServiceResolver.postgres();
            }
            if (type == RedisService.class) {
                return ServiceResolver.redis();
            }
            // Values stored in the context's store are AutoCloseable; JUnit closes them when the context
            // (the test method, or the class) ends, newest first.
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            if (type == TestDatabase.class) {
                return store.computeIfAbsent(TestDatabase.class, k -> TestDatabase.create(), TestDatabase.class);
            }
            if (type == TestRedis.class) {
                return store.computeIfAbsent(TestRedis.class, k -> TestRedis.create(), TestRedis.class);
            }
            return store.computeIfAbsent(PrivateRedisServer.class, k -> PrivateRedisServer.launch(), PrivateRedisServer.class);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not provide a " + type.getSimpleName() + " for "
                    + context.getDisplayName() + ": " + e.getMessage(), e);
        }
    }
}
