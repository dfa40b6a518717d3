package io.writethrough.examples.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import io.writethrough.testing.jpa.Dog;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Data JPA under the starter, configured with nothing but the URL and the mapping: a JPQL bulk statement on a
 * JOINED entity, which Hibernate would send as data-modifying {@code WITH} clauses the driver refuses, is written
 * through, because the starter gives Hibernate its temporary-table strategy.
 */
@ExtendWith(WriteThroughServices.class)
class SpringBootJpaTest {

    @Test
    void bulkStatementsOnAJoinedEntityAreWrittenThrough(TestDatabase db, TestRedis redis) throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(JpaApplication.class,
                "--spring.datasource.url=" + db.writeThroughUrl(), "--spring.jpa.hibernate.ddl-auto=create",
                "--writethrough.redis.url=" + redis.url(), "--writethrough.table.pets.key=" + redis.prefix() + "pet:{id}",
                "--writethrough.table.dogs.key=" + redis.prefix() + "dog:{id}")) {
            EntityManagerFactory factory = app.getBean(EntityManagerFactory.class);
            factory.runInTransaction(em -> {
                em.persist(new Dog(1, "Rex", "lab"));
                em.persist(new Dog(2, "Fido", "lab"));
            });

            factory.runInTransaction(em -> em.createQuery("update Dog d set d.breed = 'pug' where d.name = 'Rex'")
                    .executeUpdate());
            factory.runInTransaction(em -> em.createQuery("delete from Dog d where d.name = 'Fido'").executeUpdate());
        }
        assertThat(redis.client().hgetAll(redis.key("dog:1"))).containsEntry("breed", "pug");
        assertThat(redis.client().exists(redis.key("dog:2"))).isFalse();
        assertThat(redis.client().exists(redis.key("pet:2"))).isFalse();
        Properties mapping = new Properties();
        mapping.setProperty("table.pets.key", redis.prefix() + "pet:{id}");
        mapping.setProperty("table.dogs.key", redis.prefix() + "dog:{id}");
        try (Connection raw = db.connect()) {
            CacheAssertions.assertRedisMatchesDatabase(raw, redis.client(), MappingConfig.parse(mapping, "the test").tables());
        }
    }
}
