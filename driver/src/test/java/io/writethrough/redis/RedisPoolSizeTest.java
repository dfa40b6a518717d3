package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;

/** The pool's size is read each time a connection is wanted, so {@code redis.pool.size=auto} can follow the JDBC side. */
class RedisPoolSizeTest {

    private static PrivateRedisServer server;

    @BeforeAll
    static void startRedis() {
        server = PrivateRedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPoolGrowsWhenItsSizeDoes() {
        AtomicInteger size = new AtomicInteger(2);
        RedisNodes nodes = RedisTopology.standalone(RedisEndpoint.parse(server.url())).open(300, size::get);
        try {
            RedisConnections pool = nodes.forSlot(0);
            Connection first = pool.borrow(pool.deadline());
            Connection second = pool.borrow(pool.deadline());

            assertThatThrownBy(() -> pool.borrow(pool.deadline()))
                    .hasMessageContaining("all 2 of redis.pool.size in use");

            size.set(3);
            Connection third = pool.borrow(pool.deadline());
            assertThat(third).isNotSameAs(first).isNotSameAs(second);
            pool.giveBack(first);
            pool.giveBack(second);
            pool.giveBack(third);
        } finally {
            nodes.close();
        }
    }
}
