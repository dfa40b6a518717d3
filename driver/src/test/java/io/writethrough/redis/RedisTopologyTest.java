package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.mapping.MappingConfig;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What {@link RedisTopology} says of itself in messages and logs: where it writes, as whom, never a password. */
class RedisTopologyTest {

    @Test
    void sentinelsAskedAsTheirOwnUserAreNamedApartFromTheMastersUser() {
        RedisTopology topology = RedisTopology.of(config("redis.sentinel.master", "cache",
                "redis.sentinel.nodes", "s1:26379,s2:26379", "redis.user", "app", "redis.password", "data-S3cret",
                "redis.sentinel.user", "watcher", "redis.sentinel.password", "watcher-S3cret", "redis.ssl", "true"));

        assertThat(topology).hasToString(
                "the master 'cache' of sentinels [s1:26379, s2:26379] (asked as watcher) over TLS as app");
    }

    @Test
    void sentinelsWithoutCredentialsAreNamedAsBefore() {
        RedisTopology topology = RedisTopology.of(config("redis.sentinel.master", "cache",
                "redis.sentinel.nodes", "s1:26379", "redis.password", "data-S3cret"));

        assertThat(topology).hasToString("the master 'cache' of sentinels [s1:26379] as default");
    }

    private static MappingConfig config(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MappingConfig.parse(properties, "test.properties");
    }
}
