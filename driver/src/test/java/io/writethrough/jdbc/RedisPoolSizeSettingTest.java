package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** {@code redis.pool.size}: a number fixes the pool; {@code auto} follows the open connections (plus 2), at least 8. */
class RedisPoolSizeSettingTest {

    @Test
    void autoFollowsTheOpenConnectionsAboveTheMinimum() {
        AtomicInteger open = new AtomicInteger();
        IntSupplier size = DriverContext.poolSize("auto", open);

        assertThat(size.getAsInt()).isEqualTo(DriverContext.AUTO_POOL_MINIMUM);
        open.set(DriverContext.AUTO_POOL_MINIMUM + 12);
        assertThat(size.getAsInt()).as("one per connection, and spares for the sweep and releases")
                .isEqualTo(DriverContext.AUTO_POOL_MINIMUM + 12 + DriverContext.AUTO_POOL_SPARE);
        open.set(3);
        assertThat(size.getAsInt()).isEqualTo(DriverContext.AUTO_POOL_MINIMUM);
    }

    @Test
    void aNumberFixesThePool() {
        AtomicInteger open = new AtomicInteger(50);

        assertThat(DriverContext.poolSize("3", open).getAsInt()).isEqualTo(3);
    }
}
