package io.writethrough.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Parsing of {@code redis.url}; no Redis needed. */
class RedisEndpointTest {

    private static final String CANARY = "Canary+Pw42";

    @Test
    void aPlusInThePasswordStaysAPlus() {
        // URLDecoder turned '+' into a space, so Redis answered WRONGPASS.
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:" + CANARY + "@host");

        assertThat(endpoint.password()).isEqualTo("Canary+Pw42");
        assertThat(endpoint.user()).isNull();
        assertThat(endpoint.host()).isEqualTo("host");
        assertThat(endpoint.port()).isEqualTo(6379);
        assertThat(endpoint.toString()).isEqualTo("redis://:****@host:6379").doesNotContain("Canary");
    }

    @Test
    void percentEscapesInUserAndPasswordAreDecoded() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://app%3Auser:p%2Bw%40rd%2F%25%20x%C3%A9@h:6380");

        assertThat(endpoint.user()).isEqualTo("app:user");
        assertThat(endpoint.password()).isEqualTo("p+w@rd/% xé");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(RedisEndpoint.parse("redis://u:a%2Bb@h").password()).isEqualTo("a+b");
        assertThat(RedisEndpoint.parse("redis://u:a%40b@h").password()).isEqualTo("a@b");
        assertThat(RedisEndpoint.parse("redis://u:more:colons@h").password()).isEqualTo("more:colons");
        assertThat(RedisEndpoint.parse("redis://justpassword@h").password()).isEqualTo("justpassword");
        assertThat(RedisEndpoint.parse("redis://justpassword@h").user()).isNull();
    }

    @Test
    void aHostNameWithAnUnderscoreIsAccepted() {
        // java.net.URI returns no host for 'redis_cache' (a usual Docker Compose service name).
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://redis_cache:6379");
        assertThat(endpoint.host()).isEqualTo("redis_cache");
        assertThat(endpoint.port()).isEqualTo(6379);

        RedisEndpoint full = RedisEndpoint.parse("rediss://app:" + CANARY + "@my_redis.internal_net:6380/3");
        assertThat(full.host()).isEqualTo("my_redis.internal_net");
        assertThat(full.port()).isEqualTo(6380);
        assertThat(full.user()).isEqualTo("app");
        assertThat(full.password()).isEqualTo(CANARY);
        assertThat(full.database()).isEqualTo(3);
        assertThat(full.tls()).isTrue();
        assertThat(full.toString()).isEqualTo("rediss://app:****@my_redis.internal_net:6380/3");

        assertThat(RedisEndpoint.parse("redis://redis_cache").port()).isEqualTo(6379);
        assertThat(RedisEndpoint.parse("redis://redis_cache:").port()).isEqualTo(6379);
    }

    @Test
    void anIpv6LiteralIsAccepted() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://[::1]:6380/2");
        assertThat(endpoint.host()).isEqualTo("[::1]");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.database()).isEqualTo(2);
        assertThat(RedisEndpoint.parse("redis://u:p@[2001:db8::7]").port()).isEqualTo(6379);
        assertThat(RedisEndpoint.parse("redis://u:p@[2001:db8::7]").host()).isEqualTo("[2001:db8::7]");
    }

    @Test
    void defaultsArePort6379DatabaseZeroNoCredentialsNoTls() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost");
        assertThat(endpoint.port()).isEqualTo(6379);
        assertThat(endpoint.database()).isZero();
        assertThat(endpoint.user()).isNull();
        assertThat(endpoint.password()).isNull();
        assertThat(endpoint.tls()).isFalse();
        assertThat(RedisEndpoint.parse("redis://h:1/").database()).isZero();
        assertThat(RedisEndpoint.parse("REDIS://h:1/15").database()).isEqualTo(15);
        assertThat(RedisEndpoint.parse("redis://h:6379?protocol=3").port()).isEqualTo(6379);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://user:Canary+Pw42@host           | must start with redis:// or rediss://",
        "user:Canary+Pw42@host:6379             | must start with redis:// or rediss://",
        "redis:user:Canary+Pw42@host            | has no host",
        "redis://user:Canary+Pw42@              | has no host",
        "redis://user:Canary+Pw42@:6379         | has no host",
        "redis://user:Canary+Pw42@host:port     | has no host, or a bad port",
        "redis://user:Canary+Pw42@redis_x:port  | has no host, or a bad port",
        "redis://user:Canary+Pw42@host:-1       | has no host, or a bad port",
        "redis://user:Canary+Pw42@h:6379:7      | has no host, or a bad port",
        "redis://user:Canary+Pw42@h@ost         | has no host",
        "redis://user:Canary+Pw42@bad!host:1    | has no host",
        "redis://user:Canary+Pw42@_:1           | ''",
        "redis://user:Canary+Pw42@host:99999    | port is out of range",
        "redis://user:Canary+Pw42@red_is:70000  | port is out of range",
        "redis://user:Canary+Pw42@host:6379/abc | database must be a number",
        "redis://user:Canary+Pw42@host/99999999999 | database must be a number",
        "redis://user:Canary+Pw42@[::1         | is not a valid URI",
        "redis://us er:Canary+Pw42@host        | is not a valid URI",
        "redis://user:Canary+Pw42%zz@host      | is not a valid URI",
        "redis://user:Canary+Pw42%FF@host      | percent-escape that is not UTF-8",
        "redis://                              | is not a valid URI",
    })
    void malformedUrlsAreRefusedWithoutShowingThePassword(String url, String problem) {
        if (problem.isEmpty()) {
            // '_' alone is a (useless but well-formed) host name
            assertThat(RedisEndpoint.parse(url).host()).isEqualTo("_");
            return;
        }
        assertThatThrownBy(() -> RedisEndpoint.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redis.url ")
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("Canary").doesNotContain("Pw42");
                    }
                });
    }

    @Test
    void noMessageOrStringFormShowsThePassword() {
        for (String url : new String[] {"redis://:" + CANARY + "@h", "redis://u:" + CANARY + "@redis_cache:1/2",
            "rediss://u:" + CANARY + "@[::1]:6380"}) {
            assertThat(RedisEndpoint.parse(url).toString()).doesNotContain("Canary").contains(":****@");
        }
        assertThatThrownBy(() -> RedisEndpoint.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
