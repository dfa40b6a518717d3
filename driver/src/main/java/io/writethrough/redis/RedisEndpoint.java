package io.writethrough.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is: parsed from {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS).
 * {@link #toString()} masks the password, so an endpoint may be logged.
 */
public final class RedisEndpoint {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int database;
    private final boolean tls;

    private RedisEndpoint(String host, int port, String user, String password, int database, boolean tls) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.tls = tls;
    }

    /**
     * Parses a Redis URL. The message of the exception thrown for a bad URL never contains the URL
     * itself, since it may carry a password.
     */
    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redis.url is not a valid URI (expected redis://[user:password@]host:port[/db])");
        }
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("redis.url must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url has no host (expected redis://host:port)");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("redis.url database must be a number (expected redis://host:port/0)");
            }
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new RedisEndpoint(uri.getHost(), port, user, password, database, "rediss".equalsIgnoreCase(scheme));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    public int database() {
        return database;
    }

    public boolean tls() {
        return tls;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            s.append(user == null ? "" : user).append(password == null ? "" : ":****").append('@');
        }
        s.append(host).append(':').append(port);
        if (database != 0) {
            s.append('/').append(database);
        }
        return s.toString();
    }
}
