package io.writethrough.spring.boot;

import io.writethrough.jdbc.WriteThroughDriver;
import java.lang.reflect.Method;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Hands the application's {@code writethrough.*} entries ({@link WriteThroughEntries}) to every HikariCP pool whose
 * JDBC URL starts with {@code jdbc:writethrough:}, as connection properties, before the pool starts: the driver
 * reads them as settings that win over a mapping file. An entry the pool's own data source properties already hold
 * ({@code spring.datasource.hikari.data-source-properties.writethrough.…}) is left as set there.
 *
 * <p>Another pool (Tomcat JDBC, DBCP2, Oracle UCP, a {@code SimpleDriverDataSource}...) whose URL, read from its
 * {@code getJdbcUrl()}, {@code getUrl()} or {@code getURL()}, starts with {@code jdbc:writethrough:} fails its bean's
 * creation while {@code writethrough.*} entries are set, saying so, rather than connecting without them.
 */
final class PoolSettingsPostProcessor implements BeanPostProcessor, Ordered {

    private static final boolean HIKARI_PRESENT =
            ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", PoolSettingsPostProcessor.class.getClassLoader());
    private static final String[] URL_GETTERS = {"getJdbcUrl", "getUrl", "getURL"};

    private final ConfigurableEnvironment environment;

    PoolSettingsPostProcessor(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof DataSource)) {
            return bean;
        }
        if (HIKARI_PRESENT && HikariPools.isHikari(bean)) {
            if (HikariPools.isWriteThrough(bean)) {
                Map<String, String> entries = WriteThroughEntries.from(environment);
                if (!entries.isEmpty()) {
                    HikariPools.addSettings(bean, beanName, entries);
                }
            }
            return bean;
        }
        if (WriteThroughDriver.accepts(url(bean))) {
            Map<String, String> entries = WriteThroughEntries.from(environment);
            if (!entries.isEmpty()) {
                throw new BeanCreationException(beanName, "writethrough: the application sets " + entries.keySet()
                        + ", which the writethrough starter gives only to HikariCP pools (Spring Boot's default), but data "
                        + "source '" + beanName + "' is a " + bean.getClass().getName() + " with a " + WriteThroughDriver.URL_PREFIX
                        + " URL. Use HikariCP, or give these settings to that pool as its connection properties, or "
                        + "write them without the writethrough. prefix in a writethrough.properties mapping file");
            }
        }
        return bean;
    }

    /** The URL of a pool or driver-based data source, by its getter; null when it has none. */
    private static String url(Object dataSource) {
        for (String getter : URL_GETTERS) {
            Method method = ClassUtils.getMethodIfAvailable(dataSource.getClass(), getter);
            if (method != null && method.getReturnType() == String.class && method.getParameterCount() == 0) {
                try {
                    return (String) method.invoke(dataSource);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** After Spring Boot has bound {@code spring.datasource.hikari.*} and applied the connection details. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
