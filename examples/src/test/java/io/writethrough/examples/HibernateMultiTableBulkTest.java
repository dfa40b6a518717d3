package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import io.writethrough.testing.jpa.Dog;
import io.writethrough.testing.jpa.Pet;
import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JPQL bulk statement on an entity of more than one table (JOINED inheritance here) is one SQL statement per table
 * for Hibernate. By default Hibernate sends them as data-modifying {@code WITH} clauses of one statement, whose rows
 * the driver cannot see, so it refuses them; with Hibernate's temporary-table strategy they are ordinary statements,
 * written through like any other. The README's Hibernate section gives the settings.
 */
@ExtendWith(WriteThroughServices.class)
class HibernateMultiTableBulkTest {

    private static final String[] MAPPING = {"table.pets.key=pet:{id}", "table.dogs.key=dog:{id}"};

    @Test
    void byDefaultABulkUpdateOfAJoinedEntityIsRefusedAndChangesNothing(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, MAPPING);
        try (EntityManagerFactory factory = factory(mapping, Map.of())) {
            factory.runInTransaction(em -> em.persist(new Dog(1, "Rex", "lab")));

            assertThatThrownBy(() -> factory.runInTransaction(em -> em.createQuery(
                    "update Dog d set d.breed = 'pug' where d.name = 'Rex'").executeUpdate()))
                    .rootCause()
                    .asInstanceOf(InstanceOfAssertFactories.type(SQLException.class))
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                    .satisfies(e -> assertThat(e.getMessage()).contains("data-modifying WITH on mapped table"));
        }
        assertThat(redis.client().hgetAll(mapping.key("dog:1"))).containsEntry("breed", "lab");
        mapping.assertRedisMatchesDatabase("pets", "dogs");
    }

    @Test
    void withTemporaryTablesBulkStatementsOfAJoinedEntityAreWrittenThrough(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, MAPPING);
        try (EntityManagerFactory factory = factory(mapping, Map.of(
                "hibernate.query.mutation_strategy", "local_temporary",
                "hibernate.query.mutation_strategy.local_temporary.drop_tables", "true",
                "hibernate.query.insert_strategy", "local_temporary"))) {
            factory.runInTransaction(em -> {
                em.persist(new Dog(1, "Rex", "lab"));
                em.persist(new Dog(2, "Fido", "lab"));
            });

            factory.runInTransaction(em -> em.createQuery("update Dog d set d.breed = 'pug' where d.name = 'Rex'")
                    .executeUpdate());
            factory.runInTransaction(em -> em.createQuery(
                    "insert into Dog (id, name, breed) select d.id + 100, d.name, d.breed from Dog d").executeUpdate());
            factory.runInTransaction(em -> em.createQuery("delete from Dog d where d.name = 'Fido'").executeUpdate());
        }
        assertThat(redis.client().hgetAll(mapping.key("dog:1"))).containsEntry("breed", "pug");
        assertThat(redis.client().hgetAll(mapping.key("dog:101"))).containsEntry("breed", "pug");
        assertThat(redis.client().hgetAll(mapping.key("pet:101"))).containsEntry("name", "Rex");
        assertThat(redis.client().exists(mapping.key("dog:2"))).isFalse();
        assertThat(redis.client().exists(mapping.key("pet:102"))).isFalse();
        mapping.assertRedisMatchesDatabase("pets", "dogs");
    }

    private static EntityManagerFactory factory(ExampleMapping mapping, Map<String, String> settings) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("pets")
                .managedClasses(Pet.class, Dog.class)
                .jdbcUrl(mapping.url())
                .schemaToolingAction(Action.CREATE)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 20);
        settings.forEach(configuration::property);
        return configuration.createEntityManagerFactory();
    }
}
