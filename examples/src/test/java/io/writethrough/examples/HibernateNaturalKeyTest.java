package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hibernate with JDBC batching on an entity whose key template names a column other than the id: Hibernate's UPDATE
 * assigns every column, so each batched UPDATE is key-changing, and a batch may move one entity's entry and rewrite
 * the others' in place.
 */
@ExtendWith(WriteThroughServices.class)
class HibernateNaturalKeyTest {

    @Test
    void batchedUpdatesOfANaturallyKeyedEntityMoveItsEntries(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis, "table.articles.key=article:{code}");
        try (EntityManagerFactory factory = new HibernatePersistenceConfiguration("articles")
                .managedClasses(Article.class)
                .jdbcUrl(mapping.url())
                .schemaToolingAction(Action.CREATE)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 20)
                .createEntityManagerFactory()) {
            List<Long> ids = factory.callInTransaction(em -> {
                List<Long> persisted = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    Article article = new Article("a-" + i, "draft " + i);
                    em.persist(article);
                    em.flush();
                    persisted.add(article.getId());
                }
                return persisted;
            });

            // One flush, one batch of five UPDATEs: two of them move their entry, three rewrite it in place.
            factory.runInTransaction(em -> {
                for (int i = 1; i <= 5; i++) {
                    Article article = em.find(Article.class, ids.get(i - 1));
                    article.setTitle("final " + i);
                    if (i % 2 == 0) {
                        article.setCode("b-" + i);
                    }
                }
            });
            assertThat(redis.client().hgetAll(mapping.key("article:b-2"))).containsEntry("title", "final 2");
            assertThat(redis.client().exists(mapping.key("article:a-2"))).isFalse();
            assertThat(redis.client().hgetAll(mapping.key("article:a-3"))).containsEntry("title", "final 3");

            // Flushed, then rolled back: the moves are undone in Redis too.
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                em.find(Article.class, ids.get(0)).setCode("c-1");
                em.find(Article.class, ids.get(1)).setCode("a-2");
                em.flush();
                assertThat(redis.client().exists(mapping.key("article:c-1"))).isTrue();
                em.getTransaction().rollback();
            }
            assertThat(redis.client().exists(mapping.key("article:c-1"))).isFalse();
            assertThat(redis.client().exists(mapping.key("article:a-2"))).isFalse();
        }
        mapping.assertRedisMatchesDatabase("articles");
    }
}
