package io.writethrough.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.opentest4j.TestAbortedException;

/**
 * A throwaway certificate authority and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, made with {@code openssl} into a directory when a test needs them (nothing secret is kept in
 * the repository, and nothing expires in it). EC P-256 keys: quick to make, and every TLS stack takes them.
 */
final class TestCertificates {

    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    private final Path directory;
    private final String trustStorePassword;

    private TestCertificates(Path directory, String trustStorePassword) {
        this.directory = directory;
        this.trustStorePassword = trustStorePassword;
    }

    /**
     * Makes {@code ca.crt}, {@code server.crt} and {@code server.key} (PEM) and {@code truststore.p12} (PKCS12,
     * the CA alone, under {@code trustStorePassword}) in {@code directory}.
     *
     * @throws TestAbortedException when there is no {@code openssl} on {@code PATH}
     */
    static TestCertificates make(Path directory, String trustStorePassword) {
        if (RedisBinary.onPath("openssl").isEmpty()) {
            throw new TestAbortedException("no openssl on PATH to make a test certificate authority with");
        }
        TestCertificates certificates = new TestCertificates(directory, trustStorePassword);
        certificates.write("ca.cnf", """
                [req]
                prompt = no
                distinguished_name = dn
                x509_extensions = ca
                [dn]
                CN = writethrough test CA
                [ca]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                """);
        certificates.write("server.cnf", """
                [req]
                prompt = no
                distinguished_name = dn
                [dn]
                CN = 127.0.0.1
                """);
        certificates.write("server.ext", """
                basicConstraints = CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = IP:127.0.0.1,DNS:localhost
                authorityKeyIdentifier = keyid
                """);
        // Own configuration files rather than -subj/-addext, so that the system's openssl.cnf adds nothing.
        certificates.openssl("req", "-x509", "-new", "-nodes", "-config", "ca.cnf", "-days", "2",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", "ca.key", "-out", "ca.crt");
        certificates.openssl("req", "-new", "-nodes", "-config", "server.cnf",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", "server.key",
                "-out", "server.csr");
        byte[] serial = new byte[8];
        new SecureRandom().nextBytes(serial);
        certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-set_serial", "0x" + HexFormat.of().formatHex(serial), "-days", "2", "-extfile", "server.ext",
                "-out", "server.crt");
        certificates.writeTrustStore();
        return certificates;
    }

    Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    Path serverKey() {
        return directory.resolve("server.key");
    }

    Path trustStore() {
        return directory.resolve("truststore.p12");
    }

    /** A TLS context that trusts the test CA alone (not the JVM's default authorities). */
    SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + trustStore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a TLS context from " + trustStore(), e);
        }
    }

    private void writeTrustStore() {
        try (InputStream in = Files.newInputStream(caCertificate());
             OutputStream out = Files.newOutputStream(trustStore())) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("writethrough-test-ca", ca);
            store.store(out, trustStorePassword.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + trustStore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a truststore of " + caCertificate(), e);
        }
    }

    private void write(String name, String contents) {
        try {
            Files.writeString(directory.resolve(name), contents, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + directory.resolve(name), e);
        }
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Path log = directory.resolve("openssl.log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + OPENSSL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
