package io.writethrough.examples;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/**
 * Hibernate ORM through JPA, unchanged but for the URL ({@code jakarta.persistence.jdbc.url}); the mapping is the
 * classpath's {@code writethrough.properties}. The persistence unit is built in code, so nothing is scanned.
 */
public final class HibernateExample {

    static final int PRODUCTS = 30;

    private HibernateExample() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "jdbc:writethrough:postgresql://localhost:5432/postgres?user=postgres";
        System.out.println("Written through: " + run(url));
    }

    static EntityManagerFactory entityManagerFactory(String jdbcUrl) {
        return new HibernatePersistenceConfiguration("shop")
                .managedClasses(Customer.class, Product.class, OrderLine.class)
                .jdbcUrl(jdbcUrl)                                   // jdbc:writethrough:postgresql://…
                .schemaToolingAction(Action.CREATE)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 20)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .createEntityManagerFactory();
    }

    /** What the run left behind, for a reader (and a test) to look up in Redis. */
    record Outcome(long customerId, List<Long> productIds, long removedProductId, long rolledBackCustomerId) {
    }

    static Outcome run(String jdbcUrl) {
        try (EntityManagerFactory factory = entityManagerFactory(jdbcUrl)) {
            // persist: an IDENTITY id (INSERT … RETURNING), then 30 SEQUENCE ids inserted in batches of 20
            Customer ada = factory.callInTransaction(em -> persist(em, new Customer("Ada")));
            List<Long> productIds = factory.callInTransaction(em -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 1; i <= PRODUCTS; i++) {
                    ids.add(persist(em, new Product("sku-" + i, BigDecimal.valueOf(i * 150L, 2))).getId());
                }
                return ids;
            });
            // a composite key, batched too
            factory.runInTransaction(em -> {
                for (int line = 1; line <= 3; line++) {
                    em.persist(new OrderLine(1001, line, productIds.get(line), line - 1));
                }
            });

            // merge a detached entity; remove one
            ada.setTier("gold");
            factory.runInTransaction(em -> em.merge(ada));
            long removed = productIds.get(PRODUCTS - 1);
            factory.runInTransaction(em -> em.remove(em.find(Product.class, removed)));

            // a JPQL bulk update and a native query: every affected row comes back to the driver, whatever the WHERE
            factory.runInTransaction(em -> em.createQuery("update Product p set p.price = p.price * 1.10 where p.price < :limit")
                    .setParameter("limit", new BigDecimal("10.00"))
                    .executeUpdate());
            factory.runInTransaction(em -> em.createNativeQuery("DELETE FROM order_lines WHERE quantity = 0").executeUpdate());

            // a rolled-back transaction: flushed, so its writes reached the database and Redis, then undone in both
            long rolledBack;
            try (EntityManager em = factory.createEntityManager()) {
                em.getTransaction().begin();
                rolledBack = persist(em, new Customer("Ghost")).getId();
                em.find(Product.class, productIds.get(0)).setPrice(BigDecimal.ZERO);
                em.flush();
                em.getTransaction().rollback();
            }
            return new Outcome(ada.getId(), productIds, removed, rolledBack);
        }
    }

    private static <T> T persist(EntityManager em, T entity) {
        em.persist(entity);
        return entity;
    }
}
