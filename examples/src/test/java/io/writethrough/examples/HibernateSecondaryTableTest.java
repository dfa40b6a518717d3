package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Entities with a {@code @SecondaryTable} whose table is mapped. Hibernate 7 writes an optional secondary row (its
 * default) with {@code MERGE} on PostgreSQL 15 and later, which the driver refuses: before PostgreSQL 17 a MERGE cannot
 * return the rows it writes. Declared not optional, the row is written with INSERT, UPDATE and DELETE, written through
 * like any other. The README's Hibernate section says so.
 */
@ExtendWith(WriteThroughServices.class)
class HibernateSecondaryTableTest {

    @Test
    void anOptionalSecondaryRowIsWrittenWithMergeWhichIsRefused(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, "table.cars.key=car:{id}", "table.car_notes.key=car-notes:{car_id}");
        try (EntityManagerFactory factory = factory(mapping, Car.class)) {
            factory.runInTransaction(em -> em.persist(new Car(1, "beetle", "first")));

            assertThatThrownBy(() -> factory.runInTransaction(em -> em.find(Car.class, 1L).setNotes("second")))
                    .rootCause()
                    .asInstanceOf(InstanceOfAssertFactories.type(SQLException.class))
                    .satisfies(e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                    .satisfies(e -> assertThat(e.getMessage()).contains("MERGE on mapped table \"car_notes\""));
        }
        assertThat(redis.client().hgetAll(mapping.key("car-notes:1"))).containsEntry("notes", "first");
        mapping.assertRedisMatchesDatabase("cars", "car_notes");
    }

    @Test
    void aSecondaryRowThatIsNotOptionalIsWrittenThrough(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, "table.vans.key=van:{id}", "table.van_notes.key=van-notes:{van_id}");
        try (EntityManagerFactory factory = factory(mapping, Van.class)) {
            factory.runInTransaction(em -> {
                em.persist(new Van(1, "transit", "first"));
                em.persist(new Van(2, "sprinter", "other"));
            });
            factory.runInTransaction(em -> em.find(Van.class, 1L).setNotes("second"));
            factory.runInTransaction(em -> em.remove(em.find(Van.class, 2L)));
        }
        assertThat(redis.client().hgetAll(mapping.key("van-notes:1"))).containsEntry("notes", "second");
        assertThat(redis.client().exists(mapping.key("van-notes:2"))).isFalse();
        assertThat(redis.client().exists(mapping.key("van:2"))).isFalse();
        mapping.assertRedisMatchesDatabase("vans", "van_notes");
    }

    private static EntityManagerFactory factory(ExampleMapping mapping, Class<?> entity) {
        return new HibernatePersistenceConfiguration("vehicles")
                .managedClasses(entity)
                .jdbcUrl(mapping.url())
                .schemaToolingAction(Action.CREATE)
                .createEntityManagerFactory();
    }
}
