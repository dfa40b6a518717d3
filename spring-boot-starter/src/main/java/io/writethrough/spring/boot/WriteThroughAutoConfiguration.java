package io.writethrough.spring.boot;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of writethrough for Spring Boot: the application's {@code writethrough.*} entries
 * ({@code application.properties}, YAML, command line, system properties; from environment variables the global
 * settings, e.g. {@code WRITETHROUGH_REDIS_URL}) are given to each HikariCP pool with a {@code jdbc:writethrough:}
 * URL as connection properties, which the driver reads as settings that win over a {@code writethrough.properties}
 * mapping file. That {@code spring.datasource.url} alone selects the driver is the work of
 * {@link WriteThroughFallbacksEnvironmentPostProcessor}. With Micrometer present, the driver's meters go to Spring
 * Boot's registries; with Spring Boot's health support present, a health contributor named {@code writethrough}
 * reports on the Redis of each configuration in use.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
public class WriteThroughAutoConfiguration {

    /** Hands the {@code writethrough.*} entries to the pools before they start. */
    @Bean
    static PoolSettingsPostProcessor writeThroughPoolSettingsPostProcessor(ConfigurableEnvironment environment) {
        return new PoolSettingsPostProcessor(environment);
    }

    /** Only loaded when Micrometer is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Meters {

        @Bean
        WriteThroughMeterBinder writeThroughMeterBinder() {
            return new WriteThroughMeterBinder();
        }
    }

    /** Only loaded when Spring Boot's health support is on the classpath; the bean's name gives the contributor's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthContributor {

        @Bean
        WriteThroughHealthIndicator writethroughHealthIndicator() {
            return new WriteThroughHealthIndicator();
        }
    }
}
