package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WriteThroughServices.class)
class HibernateExampleTest {

    @Test
    void everyKindOfHibernateWriteLandsInRedisAndTheRollbackLeavesNoTrace(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis);

        HibernateExample.Outcome outcome = HibernateExample.run(mapping.url());

        assertThat(redis.client().hgetAll(mapping.key("customer:" + outcome.customerId())))
                .containsEntry("name", "Ada").containsEntry("tier", "gold");
        assertThat(redis.client().exists(mapping.key("customer:" + outcome.rolledBackCustomerId()))).isFalse();
        assertThat(redis.client().get(mapping.key("product:" + outcome.productIds().get(0))))
                .as("bulk update: 1.50 * 1.10; the rolled-back price 0 is gone").contains("\"price\":1.65");
        assertThat(redis.client().exists(mapping.key("product:" + outcome.removedProductId()))).isFalse();
        assertThat(redis.keys()).filteredOn(key -> key.startsWith(mapping.key("line:")))
                .as("the native DELETE removed the line with quantity 0").hasSize(2);
        assertThat(redis.client().hgetAll(mapping.key("line:1001:2")))
                .as("only the mapped columns").isEqualTo(Map.of("product_id", outcome.productIds().get(2).toString(), "quantity", "1"));
        mapping.assertRedisMatchesDatabase("customers", "products", "order_lines");
    }
}
