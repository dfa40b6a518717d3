package io.writethrough.spring.boot;

import static io.writethrough.spring.boot.WriteThroughFallbacksEnvironmentPostProcessor.DRIVER_CLASS;
import static io.writethrough.spring.boot.WriteThroughFallbacksEnvironmentPostProcessor.DRIVER_CLASS_PROPERTY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class FallbacksTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    FallbacksTest() {
        ConfigurationPropertySources.attach(environment);
        new WriteThroughFallbacksEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
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
    void aWriteThroughUrlGivesHibernateItsTemporaryTableStrategy() {
        assertThat(jpaProperties()).isEmpty();

        addFirst("application", Map.of("spring.datasource.url", "jdbc:writethrough:postgresql://db:5432/shop",
                "spring.jpa.properties.hibernate.format_sql", "true"));

        assertThat(jpaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "hibernate.format_sql", "true",
                "hibernate.query.mutation_strategy", "local_temporary",
                "hibernate.query.mutation_strategy.local_temporary.drop_tables", "true",
                "hibernate.query.insert_strategy", "local_temporary"));
    }

    @Test
    void anyOtherUrlLeavesHibernateAlone() {
        addFirst("application", Map.of("spring.datasource.url", "jdbc:postgresql://db:5432/shop"));

        assertThat(jpaProperties()).isEmpty();
        assertThat(environment.getPropertySources().get(WriteThroughFallbacksEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
                .isInstanceOfSatisfying(EnumerablePropertySource.class, s -> assertThat(s.getPropertyNames()).isEmpty());
    }

    @Test
    void theApplicationsOwnHibernateStrategyWins() {
        addFirst("application", Map.of("spring.datasource.url", "jdbc:writethrough:postgresql://db:5432/shop",
                "spring.jpa.properties.hibernate.query.mutation_strategy", "persistent"));
        environment.getPropertySources().addLast(new MapPropertySource("defaultProperties",
                Map.of("spring.jpa.properties.hibernate.query.insert_strategy", "persistent")));

        assertThat(jpaProperties())
                .containsEntry("hibernate.query.mutation_strategy", "persistent")
                .containsEntry("hibernate.query.insert_strategy", "persistent")
                .containsEntry("hibernate.query.mutation_strategy.local_temporary.drop_tables", "true");
    }

    @Test
    void addedOnceAndLast() {
        new WriteThroughFallbacksEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().stream().map(s -> s.getName())
                .filter(WriteThroughFallbacksEnvironmentPostProcessor.PROPERTY_SOURCE_NAME::equals)).hasSize(1);
        assertThat(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .isEqualTo(WriteThroughFallbacksEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
    }

    /** {@code spring.jpa.properties} as Spring Boot binds it for Hibernate. */
    private Map<String, String> jpaProperties() {
        return Binder.get(environment).bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }

    private void addFirst(String name, Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource(name, properties));
    }
}
