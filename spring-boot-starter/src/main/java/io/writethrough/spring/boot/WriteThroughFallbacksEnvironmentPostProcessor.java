package io.writethrough.spring.boot;

import io.writethrough.jdbc.WriteThroughDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Settings a {@code spring.datasource.url=jdbc:writethrough:…} application needs and would otherwise have to know to
 * give, supplied while that URL is set and nothing else gives them:
 *
 * <ul>
 *   <li>{@code spring.datasource.driver-class-name}: Spring Boot names a driver class from the URL's prefix; it does
 *       not know {@code jdbc:writethrough:}, and then falls back to the driver of an embedded database on the
 *       classpath (H2's, say, which refuses the URL) or fails with "Failed to determine a suitable driver class".
 *   <li>Hibernate's temporary-table strategy for bulk statements on entities of several tables ({@code
 *       spring.jpa.properties.hibernate.query.*}): its default sends them as data-modifying {@code WITH} clauses,
 *       which the driver must refuse, as it cannot see the rows they write.
 * </ul>
 *
 * <p>This post-processor adds, last (lowest precedence), a property source named {@value #PROPERTY_SOURCE_NAME}. It
 * decides when asked, not when added, so a URL from a property source added later (a test's
 * {@code @DynamicPropertySource}, say) counts too. It is enumerable, so that the entries reach
 * {@code spring.jpa.properties}, which Spring Boot binds as a map. Registered in {@code META-INF/spring.factories}.
 */
public final class WriteThroughFallbacksEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this post-processor adds. */
    public static final String PROPERTY_SOURCE_NAME = "writethroughFallbacks";

    static final String URL_PROPERTY = "spring.datasource.url";
    static final String DRIVER_CLASS_PROPERTY = "spring.datasource.driver-class-name";
    static final String DRIVER_CLASS = "io.writethrough.jdbc.WriteThroughDriver";

    /** Each setting this source gives, with its value. */
    static final Map<String, String> FALLBACKS = fallbacks();
    private static final String[] NAMES = FALLBACKS.keySet().stream().sorted().toArray(String[]::new);

    private static Map<String, String> fallbacks() {
        Map<String, String> fallbacks = new LinkedHashMap<>();
        fallbacks.put(DRIVER_CLASS_PROPERTY, DRIVER_CLASS);
        fallbacks.put("spring.jpa.properties.hibernate.query.mutation_strategy", "local_temporary");
        // Without it Hibernate's second bulk statement on a pooled connection fails on the table the first left.
        fallbacks.put("spring.jpa.properties.hibernate.query.mutation_strategy.local_temporary.drop_tables", "true");
        fallbacks.put("spring.jpa.properties.hibernate.query.insert_strategy", "local_temporary");
        return Map.copyOf(fallbacks);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addLast(new Fallbacks(environment));
        }
    }

    /** Late, so that it adds its source after every other post-processor has added theirs. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The fallback values, decided on each lookup. */
    static final class Fallbacks extends EnumerablePropertySource<String> {

        private final ConfigurableEnvironment environment;
        /** Set while this source looks the environment up, so that it does not answer its own lookups. */
        private final ThreadLocal<Boolean> resolving = ThreadLocal.withInitial(() -> false);

        Fallbacks(ConfigurableEnvironment environment) {
            // Not the environment as source: Spring Boot would take the source for a nested environment and search
            // its property sources, this one among them, without end.
            super(PROPERTY_SOURCE_NAME, FALLBACKS.keySet() + " while " + URL_PROPERTY + " starts with "
                    + WriteThroughDriver.URL_PREFIX + " and nothing else sets them");
            this.environment = environment;
        }

        /**
         * Every fallback's name while the URL is a writethrough one: a map binding (such as Boot's of
         * {@code spring.jpa.properties}) then binds each name through every source, so a value set elsewhere wins.
         */
        @Override
        public String[] getPropertyNames() {
            return resolved(() -> WriteThroughDriver.accepts(environment.getProperty(URL_PROPERTY))) == Boolean.TRUE
                    ? NAMES.clone() : new String[0];
        }

        @Override
        public Object getProperty(String name) {
            String value = FALLBACKS.get(name);
            if (value == null) {
                return null;
            }
            // Default properties may be moved behind this source after it was added: leave any value to them.
            return resolved(() -> environment.getProperty(name) == null
                    && WriteThroughDriver.accepts(environment.getProperty(URL_PROPERTY)) ? value : null);
        }

        /** Looks the environment up, or answers null when asked from within such a look-up. */
        private <T> T resolved(Supplier<T> lookup) {
            if (resolving.get()) {
                return null;
            }
            resolving.set(true);
            try {
                return lookup.get();
            } finally {
                resolving.remove();
            }
        }
    }
}
