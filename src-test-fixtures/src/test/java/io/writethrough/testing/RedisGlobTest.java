package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WriteThroughServices.class)
class RedisGlobTest {

    @Test
    void escapesGlobCharactersOfThePrefix() {
        assertThat(RedisGlob.startingWith("a*b?c[d]e\\f:")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:*");
    }

    @Test
    void scanMatchesOnlyKeysThatStartWithTheLiteralPrefix(TestRedis redis) {
        String glob = redis.key("u[1]*:");
        redis.client().set(glob + "7", "x");
        redis.client().set(redis.key("u1x:7"), "y");
        redis.client().set(redis.key("u[1]-other"), "z");

        List<String> keys = TestRedis.keysStartingWith(redis.client(), glob);

        assertThat(keys).containsExactly(glob + "7");
    }
}
