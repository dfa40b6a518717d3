package io.writethrough.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateTlsRedisTest {

    private PrivateTlsRedis redis;

    @BeforeAll
    void launch() {
        long start = System.nanoTime();
        redis = PrivateTlsRedis.launch();
        System.out.printf("TLS Redis launch (certificates included): %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @AfterAll
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theUserConnectsOverTlsWithTheTestCa() throws Exception {
        assertThat(redis.url()).isEqualTo("rediss://127.0.0.1:" + redis.tlsPort());
        try (Jedis jedis = jedis(redis.sslSocketFactory(), redis.user(), redis.password(), true)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.aclWhoAmI()).isEqualTo(PrivateTlsRedis.USER);
            jedis.set("over-tls", "yes");
            assertThat(jedis.get("over-tls")).isEqualTo("yes");
            assertThat(jedis.configGet("port")).containsEntry("port", "0");
        }
    }

    @Test
    void theTrustStoreHoldsTheCaUnderItsPassword() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(redis.trustStore())) {
            store.load(in, redis.truststorePassword().toCharArray());
        }
        assertThat(store.size()).isEqualTo(1);
        X509Certificate ca = (X509Certificate) store.getCertificate(store.aliases().nextElement());
        assertThat(ca.getSubjectX500Principal().getName()).contains("writethrough test CA");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(redis.caCertificate()).exists();
    }

    @Test
    void aWrongPasswordOrNoneIsRefused() {
        // Jedis connects (and authenticates) as it is constructed.
        assertThatThrownBy(() -> ping(jedis(redis.sslSocketFactory(), redis.user(), "not-" + redis.password(), false)))
                .isInstanceOf(JedisAccessControlException.class).hasMessageContaining("WRONGPASS");
        assertThatThrownBy(() -> ping(jedis(redis.sslSocketFactory(), null, null, false)))
                .isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
    }

    @Test
    void plainTcpToTheTlsPortFails() {
        assertThatThrownBy(() -> ping(new Jedis(new HostAndPort(redis.host(), redis.tlsPort()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(2000)
                        .autoNegotiateProtocol(false).user(redis.user()).password(redis.password()).build())))
                .isInstanceOf(JedisConnectionException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheTestCaFails() throws Exception {
        SSLSocketFactory jvmDefault = SSLContext.getDefault().getSocketFactory();
        assertThatThrownBy(() -> ping(jedis(jvmDefault, redis.user(), redis.password(), false)))
                .isInstanceOf(JedisConnectionException.class).hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    @Test
    void closeDeletesTheCertificates() {
        PrivateTlsRedis own = PrivateTlsRedis.launch();
        Path trustStore = own.trustStore();
        assertThat(trustStore).exists();
        own.close();
        assertThat(own.server().isRunning()).isFalse();
        assertThat(trustStore.getParent()).doesNotExist();
    }

    private static void ping(Jedis jedis) {
        try (jedis) {
            jedis.ping();
        }
    }

    private Jedis jedis(SSLSocketFactory factory, String user, String password, boolean verifyHost) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500).socketTimeoutMillis(2000).autoNegotiateProtocol(false)
                .ssl(true).sslSocketFactory(factory);
        if (verifyHost) {
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate names 127.0.0.1
            config.sslParameters(parameters);
        }
        if (user != null) {
            config.user(user).password(password);
        }
        return new Jedis(new HostAndPort(redis.host(), redis.tlsPort()), config.build());
    }
}
