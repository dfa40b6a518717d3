package io.writethrough.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import io.writethrough.jdbc.WriteThroughDriver;
import java.util.Map;
import org.springframework.beans.factory.BeanCreationException;

/** HikariCP's side of {@link PoolSettingsPostProcessor}; loaded only when HikariCP is on the classpath. */
final class HikariPools {

    private HikariPools() {
    }

    static boolean isHikari(Object bean) {
        return bean instanceof HikariDataSource;
    }

    static boolean isWriteThrough(Object bean) {
        return WriteThroughDriver.accepts(((HikariDataSource) bean).getJdbcUrl());
    }

    static void addSettings(Object bean, String beanName, Map<String, String> entries) {
        HikariDataSource pool = (HikariDataSource) bean;
        try {
            entries.forEach((name, value) -> {
                if (!pool.getDataSourceProperties().containsKey(name)) {
                    pool.addDataSourceProperty(name, value);
                }
            });
        } catch (IllegalStateException sealed) {
            // HikariCP seals its configuration once the pool has started (new HikariDataSource(config) starts it).
            throw new BeanCreationException(beanName, "writethrough: HikariCP pool '" + beanName + "' had started before "
                    + "the writethrough starter could give it " + entries.keySet() + ": create it with new "
                    + "HikariDataSource() and setters, so that it starts on its first connection", sealed);
        }
    }
}
