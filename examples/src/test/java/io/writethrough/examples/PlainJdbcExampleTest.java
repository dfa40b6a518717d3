package io.writethrough.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WriteThroughServices.class)
class PlainJdbcExampleTest {

    @Test
    void theCommittedTopUpIsInRedisAndTheRolledBackOneIsNot(TestDatabase db, TestRedis redis) throws Exception {
        ExampleMapping mapping = ExampleMapping.of(db, redis);

        long id = PlainJdbcExample.run(mapping.url());

        assertThat(redis.client().hgetAll(mapping.key("customer:" + id)))
                .isEqualTo(Map.of("id", Long.toString(id), "name", "Grace", "credits", "50"));
        mapping.assertRedisMatchesDatabase("customers");
    }
}
