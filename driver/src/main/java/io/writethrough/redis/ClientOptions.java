package io.writethrough.redis;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;

/**
 * How to open a connection to any Redis server of a topology: TLS or not, the ACL user and password, the database.
 * {@link #toString()} never shows the password.
 *
 * @param tls      TLS, the server certificate and host name checked against the JVM's trust store
 * @param user     the ACL user, or null for the default user
 * @param password the password, or null for none
 * @param database the database to select (cluster nodes only have 0)
 */
record ClientOptions(boolean tls, String user, String password, int database) {

    /** The client configuration (RESP2) with these connect and socket timeouts. */
    JedisClientConfig config(int timeoutMillis) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(database)
                // No CLIENT SETNAME/SETINFO: every round trip of a new connection's handshake waits while Redis is slow.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (tls) {
            builder.sslOptions(SslOptions.defaults());
        }
        if (password != null) {
            builder.user(user).password(password);
        }
        return builder.build();
    }

    /** TLS for the connections of one pool (its context made once), or null without TLS. */
    TlsSockets tlsSockets() {
        return tls ? new TlsSockets() : null;
    }

    @Override
    public String toString() {
        return "ClientOptions[tls=" + tls + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", database=" + database + "]";
    }
}
