package io.writethrough.spring.boot;

import static io.writethrough.spring.boot.WriteThroughDriverClassEnvironmentPostProcessor.DRIVER_CLASS;
import static io.writethrough.spring.boot.WriteThroughDriverClassEnvironmentPostProcessor.DRIVER_CLASS_PROPERTY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DriverClassFallbackTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    DriverClassFallbackTest() {
        ConfigurationPropertySources.attach(environment);
        new WriteThroughDriverClassEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    }

    @Test
    void aWriteThroughUrlNamesTheDriverForEnvironmentAndBinder() {
        addFirst("application", Map.of("spring.datasource.url", "jdbc:writethrough:postgresql://db:5432/shop"));

        assertThat(environment.getProperty(DRIVER_CLASS_PROPERTY)).isEqualTo(DRIVER_CLASS);
        assertThat(Binder.get(environment).bind("spring.datasource.driver-class-name", String.class).get()).isEqualTo(DRIVER_CLASS);
    }

    @Test
    void anyOtherUrlOrNoneNamesNothing() {
        assertThat(environment.getProperty(DRIVER_CLASS_PROPERTY)).isNull();

        addFirst("application", Map.of("spring.datasource.url", "jdbc:postgresql://db:5432/shop"));

        assertThat(environment.getProperty(DRIVER_CLASS_PROPERTY)).isNull();
        assertThat(Binder.get(environment).bind("spring.datasource.driver-class-name", String.class).isBound()).isFalse();
    }

    @Test
    void anExplicitDriverClassWinsWhereverItIs() {
        addFirst("application", Map.of("spring.datasource.url", "JDBC:WRITETHROUGH:postgresql://db:5432/shop"));
        assertThat(environment.getProperty(DRIVER_CLASS_PROPERTY)).isEqualTo(DRIVER_CLASS);

        // Spring Boot moves its default properties to the very end, behind the fallback.
        environment.getPropertySources().addLast(new MapPropertySource("defaultProperties", Map.of(DRIVER_CLASS_PROPERTY, "com.example.Driver")));

        assertThat(environment.getProperty(DRIVER_CLASS_PROPERTY)).isEqualTo("com.example.Driver");
        assertThat(Binder.get(environment).bind("spring.datasource.driver-class-name", String.class).get()).isEqualTo("com.example.Driver");
    }

    @Test
    void addedOnceAndLast() {
        new WriteThroughDriverClassEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().stream().map(s -> s.getName())
                .filter(WriteThroughDriverClassEnvironmentPostProcessor.PROPERTY_SOURCE_NAME::equals)).hasSize(1);
        assertThat(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .isEqualTo(WriteThroughDriverClassEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
    }

    private void addFirst(String name, Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource(name, properties));
    }
}
