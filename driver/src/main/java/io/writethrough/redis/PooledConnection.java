package io.writethrough.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A connection to Redis that waits for nothing past a deadline while it opens, and that can tell, without waiting,
 * whether the server closed it: its TCP socket is opened on a {@link SocketChannel}, set up as Jedis's own socket
 * factory sets it up (TLS, when asked, layered on it by {@link TlsSockets}), so that one non-blocking read of the TCP
 * socket finds end-of-stream.
 */
final class PooledConnection extends Connection {

    private final ChannelSocketFactory sockets;
    private final ByteBuffer peek = ByteBuffer.allocate(1);
    /** Since when it has been idle in the pool ({@link System#nanoTime()}). */
    long idleSince = System.nanoTime();
    /** The pool's generation when it opened (see {@link RedisConnections#reset()}). */
    int generation;
    /** The server has run the write script sent on this connection: a pipeline may send it by its SHA-1 alone. */
    boolean writeScriptKnown;

    private PooledConnection(ChannelSocketFactory sockets, JedisClientConfig config) {
        super(sockets, config);
        this.sockets = sockets;
    }

    /**
     * Opens a connection (connect, TLS handshake, HELLO, AUTH, SELECT) that waits for nothing past {@code deadline}:
     * the connect's and each handshake's timeouts are the time left when each starts.
     *
     * @param tls    TLS on the TCP socket, or null for none
     * @param config the client configuration (credentials, database); its timeouts and TLS settings are not used: the
     *               socket factory sets the timeouts itself, and TLS is {@code tls}
     */
    static PooledConnection open(HostAndPort server, TlsSockets tls, JedisClientConfig config, long deadline) {
        return new PooledConnection(new ChannelSocketFactory(server, tls, deadline), config);
    }

    /** The time left before {@code deadline} in whole milliseconds, rounded up; at least 1. */
    static int millisLeft(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /**
     * True when the server closed the connection (end-of-stream or a reset) or sent something unasked: between two
     * commands nothing may arrive, so either way the connection cannot carry the next command. Never waits. Over TLS
     * the TCP socket under it is read: a byte read there is taken from the TLS layer, so the connection, true
     * here, is closed and never used again.
     */
    boolean closedByServer() {
        SocketChannel channel = sockets.channel;
        if (channel == null) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                peek.clear();
                return channel.read(peek) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Sends what is buffered now, so that the server starts on it while the caller sends to other servers. */
    void send() {
        flush();
    }

    /** Closes the socket without flushing anything (a stalled server cannot hold it up). */
    void forceClose() {
        try {
            forceDisconnect();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /**
     * TCP sockets on a {@link SocketChannel}, with TLS on top when asked; opens one socket only: a connection is never
     * silently reopened.
     */
    private static final class ChannelSocketFactory implements JedisSocketFactory {

        private final HostAndPort server;
        private final TlsSockets tls;
        private final long deadline;
        volatile SocketChannel channel;

        ChannelSocketFactory(HostAndPort server, TlsSockets tls, long deadline) {
            this.server = server;
            this.tls = tls;
            this.deadline = deadline;
        }

        @Override
        public Socket createSocket() {
            if (channel != null) {
                throw new JedisConnectionException("the connection to " + server + " was closed");
            }
            List<InetAddress> hosts;
            try {
                hosts = Arrays.asList(InetAddress.getAllByName(server.getHost()));
            } catch (IOException e) {
                throw new JedisConnectionException("Failed to connect to " + server + ".", e);
            }
            if (hosts.size() > 1) {
                Collections.shuffle(hosts);
            }
            JedisConnectionException failure = null;
            for (InetAddress host : hosts) {
                SocketChannel opened = null;
                try {
                    opened = SocketChannel.open();
                    Socket socket = opened.socket();
                    socket.setReuseAddress(true);
                    socket.setKeepAlive(true);
                    socket.setTcpNoDelay(true);
                    socket.setSoLinger(true, 0);
                    socket.connect(new InetSocketAddress(host, server.getPort()), millisLeft(deadline));
                    // The handshakes' replies get the time left; a call sets its own before each command.
                    socket.setSoTimeout(millisLeft(deadline));
                    Socket connected = tls == null ? socket : tls.layer(socket, server);
                    channel = opened;
                    return connected;
                } catch (IOException | RuntimeException e) {
                    if (opened != null) {
                        try {
                            opened.close();
                        } catch (IOException ignored) {
                            // already failing
                        }
                    }
                    if (failure == null) {
                        failure = new JedisConnectionException("Failed to connect to " + server + ".", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            throw failure;
        }
    }
}
