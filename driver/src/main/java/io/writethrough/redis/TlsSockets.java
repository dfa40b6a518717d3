package io.writethrough.redis;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.SslOptions;

/**
 * TLS over a plain socket the driver opened itself, set up as Jedis's {@code SslOptions.defaults()} sets it up: the
 * JVM's trust store, the server certificate checked against the host name. Layering it on the driver's own socket
 * (rather than letting Jedis open a TLS socket) lets the pool look at the TCP socket under it for a server that closed
 * an idle connection ({@link PooledConnection#closedByServer()}). The TLS context is made on first use and kept, since
 * making it reads the trust store. Thread-safe.
 */
final class TlsSockets {

    private volatile SSLSocketFactory factory;

    /** {@code plain}, connected to {@code server}, wrapped in TLS, handshake done (within the socket's timeout). */
    Socket layer(Socket plain, HostAndPort server) throws IOException {
        SSLSocket tls = (SSLSocket) factory().createSocket(plain, server.getHost(), server.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private SSLSocketFactory factory() throws IOException {
        SSLSocketFactory made = factory;
        if (made == null) {
            try {
                made = SslOptions.defaults().createSslContext().getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IOException("could not set up TLS with the JVM's trust store: " + e.getMessage(), e);
            }
            factory = made;
        }
        return made;
    }
}
