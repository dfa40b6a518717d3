package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WriteThroughServices.class)
class HikariExampleTest {

    @Test
    void concurrentOrdersThatCannotBePaidLeaveNoKeyBehind(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis);

        int placed = HikariExample.run(mapping.url());

        int affordable = HikariExample.CREDITS / HikariExample.PRICE;
        assertThat(placed).isEqualTo(affordable);
        assertThat(redis.keys()).filteredOn(key -> key.startsWith(mapping.key("order:"))).hasSize(affordable);
        assertThat(redis.client().hget(mapping.key("customer:1"), "credits")).isEqualTo("0");
        assertThat(redis.client().get(mapping.key("order:1"))).startsWith("{\"id\":1,\"customer_id\":1,\"amount\":5,\"placed_at\":\"");
        mapping.assertRedisMatchesDatabase("customers", "orders");
    }
}
