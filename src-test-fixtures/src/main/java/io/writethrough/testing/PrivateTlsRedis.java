package io.writethrough.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.opentest4j.TestAbortedException;

/**
 * A {@link PrivateRedisServer} that speaks only TLS ({@code --port 0 --tls-port <free port>}) and lets in only an
 * ACL user with a password (the default user is off), with a certificate authority and a server certificate
 * ({@code 127.0.0.1} and {@code localhost}) made for it at launch. Clients do not present a certificate
 * ({@code tls-auth-clients no}).
 *
 * <p>To trust the server a test uses {@link #sslSocketFactory()} (nothing JVM-wide changes), or points
 * {@code javax.net.ssl.trustStore} at {@link #trustStore()} with {@link #truststorePassword()} in a JVM of its own.
 * Everything, certificates included, is deleted on {@link #close()}.
 */
public final class PrivateTlsRedis implements AutoCloseable {

    /** The ACL user clients authenticate as. */
    public static final String USER = "writethrough";

    private final PrivateRedisServer server;
    private final TestCertificates certificates;
    private final Path directory;
    private final String password;
    private final String truststorePassword;
    private final SSLContext sslContext;
    private boolean closed;

    private PrivateTlsRedis(PrivateRedisServer server, TestCertificates certificates, Path directory,
            String password, String truststorePassword, SSLContext sslContext) {
        this.server = server;
        this.certificates = certificates;
        this.directory = directory;
        this.password = password;
        this.truststorePassword = truststorePassword;
        this.sslContext = sslContext;
    }

    /**
     * Makes the certificates and starts the server; returns once it answers {@code PING} over TLS, after
     * {@code AUTH} as {@link #USER}, with a certificate that passes host name verification for {@code 127.0.0.1}.
     *
     * @throws TestAbortedException when {@code redis-server} was built without TLS, or there is no {@code openssl}
     */
    public static PrivateTlsRedis launch() {
        Path binary = RedisBinary.preferred();
        if (!RedisBinary.supportsTls(binary)) {
            throw new TestAbortedException(binary + " was built without TLS support (make BUILD_TLS=yes)");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("writethrough-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for test certificates", e);
        }
        try {
            String truststorePassword = RandomNames.of(16);
            String password = RandomNames.of(24);
            TestCertificates certificates = TestCertificates.make(directory, truststorePassword);
            SSLContext sslContext = certificates.sslContext();
            ServerSetup setup = ServerSetup.plain()
                    .withTls(sslContext.getSocketFactory())
                    .withAuth(USER, password)
                    .withArguments(
                            "--tls-cert-file", certificates.serverCertificate().toString(),
                            "--tls-key-file", certificates.serverKey().toString(),
                            "--tls-ca-cert-file", certificates.caCertificate().toString(),
                            "--tls-auth-clients", "no",
                            "--user", "default", "off",
                            "--user", USER, "on", ">" + password, "~*", "&*", "+@all");
            PrivateRedisServer server = PrivateRedisServer.launch(binary, setup);
            return new PrivateTlsRedis(server, certificates, directory, password, truststorePassword, sslContext);
        } catch (RuntimeException e) {
            PrivateRedisServer.deleteDirectory(directory);
            throw e;
        }
    }

    public String host() {
        return server.host();
    }

    /** The TLS port; the server has no plain TCP port. */
    public int tlsPort() {
        return server.port();
    }

    /** {@code rediss://127.0.0.1:<tls port>}, without credentials. */
    public String url() {
        return server.url();
    }

    /** The ACL user clients must authenticate as: {@value #USER}. */
    public String user() {
        return USER;
    }

    /** The user's password, random for each launch. */
    public String password() {
        return password;
    }

    /** The test CA's certificate (PEM). */
    public Path caCertificate() {
        return certificates.caCertificate();
    }

    /** A PKCS12 truststore holding the test CA alone, under {@link #truststorePassword()}. */
    public Path trustStore() {
        return certificates.trustStore();
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    /** A TLS context trusting the test CA alone. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Sockets that trust the test CA alone, e.g. for Jedis's {@code sslSocketFactory}. */
    public SSLSocketFactory sslSocketFactory() {
        return sslContext.getSocketFactory();
    }

    /** The server process (a test may stop, kill or pause it). */
    public PrivateRedisServer server() {
        return server;
    }

    /** Stops the server and deletes its directory and the certificates. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        PrivateRedisServer.deleteDirectory(directory);
    }

    @Override
    public String toString() {
        return "PrivateTlsRedis[" + host() + ":" + tlsPort() + "]";
    }
}
