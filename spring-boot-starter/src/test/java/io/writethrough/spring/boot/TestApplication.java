package io.writethrough.spring.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tests' application: auto-configuration (the starter's included) and {@link Accounts}, nothing scanned. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

    @Bean
    Accounts accounts(JdbcClient jdbc) {
        return new Accounts(jdbc);
    }
}
