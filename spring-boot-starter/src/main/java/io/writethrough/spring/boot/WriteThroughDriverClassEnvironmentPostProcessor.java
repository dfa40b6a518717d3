package io.writethrough.spring.boot;

import io.writethrough.jdbc.WriteThroughDriver;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Lets {@code spring.datasource.url=jdbc:writethrough:…} alone select the writethrough driver. Spring Boot names a
 * driver class from the URL's prefix; it does not know {@code jdbc:writethrough:}, and then falls back to the driver
 * of an embedded database on the classpath (H2's, say, which refuses the URL) or fails with "Failed to determine a
 * suitable driver class".
 *
 * <p>This post-processor adds, last (lowest precedence), a property source named {@value #PROPERTY_SOURCE_NAME}
 * that answers {@code spring.datasource.driver-class-name} with {@code io.writethrough.jdbc.WriteThroughDriver}, but
 * only while {@code spring.datasource.url} starts with {@code jdbc:writethrough:} and no other property source sets
 * the driver class. It decides when asked, not when added, so a URL from a property source added later (a test's
 * {@code @DynamicPropertySource}, say) counts too. Registered in {@code META-INF/spring.factories}.
 */
public final class WriteThroughDriverClassEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this post-processor adds. */
    public static final String PROPERTY_SOURCE_NAME = "writethroughDriverClass";

    static final String URL_PROPERTY = "spring.datasource.url";
    static final String DRIVER_CLASS_PROPERTY = "spring.datasource.driver-class-name";
    static final String DRIVER_CLASS = "io.writethrough.jdbc.WriteThroughDriver";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addLast(new DriverClassFallback(environment));
        }
    }

    /** Late, so that it adds its source after every other post-processor has added theirs. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The fallback value of {@code spring.datasource.driver-class-name}, decided on each lookup. */
    static final class DriverClassFallback extends PropertySource<String> {

        private final ConfigurableEnvironment environment;
        /** Set while this source looks the environment up, so that it does not answer its own lookups. */
        private final ThreadLocal<Boolean> resolving = ThreadLocal.withInitial(() -> false);

        DriverClassFallback(ConfigurableEnvironment environment) {
            // Not the environment as source: Spring Boot would take the source for a nested environment and search
            // its property sources, this one among them, without end.
            super(PROPERTY_SOURCE_NAME, DRIVER_CLASS_PROPERTY + "=" + DRIVER_CLASS + " while " + URL_PROPERTY + " starts with "
                    + WriteThroughDriver.URL_PREFIX + " and nothing else sets it");
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!DRIVER_CLASS_PROPERTY.equals(name) || resolving.get()) {
                return null;
            }
            resolving.set(true);
            try {
                // Default properties may be moved behind this source after it was added: leave any value to them.
                if (environment.getProperty(DRIVER_CLASS_PROPERTY) != null) {
                    return null;
                }
                return WriteThroughDriver.accepts(environment.getProperty(URL_PROPERTY)) ? DRIVER_CLASS : null;
            } finally {
                resolving.remove();
            }
        }
    }
}
