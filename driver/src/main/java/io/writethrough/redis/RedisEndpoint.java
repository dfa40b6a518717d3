package io.writethrough.redis;

import io.writethrough.mapping.RedisUrl;

/**
 * Where Redis is: parsed from {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS) by
 * {@link RedisUrl}, the parser the configuration check uses too: percent-escapes in user and password are decoded
 * and nothing else ({@code +} stays a plus), and a host name may contain {@code _}.
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
     *
     * @throws IllegalArgumentException for a URL that is not a Redis URL
     */
    public static RedisEndpoint parse(String url) {
        RedisUrl parsed;
        try {
            parsed = RedisUrl.parse(url);
        } catch (RedisUrl.Invalid e) {
            throw new IllegalArgumentException(switch (e.problem()) {
                case NOT_A_URI -> "redis.url is not a valid URI (expected redis://[user:password@]host:port[/db])";
                case SCHEME -> "redis.url must start with redis:// or rediss://";
                case NO_HOST -> "redis.url has no host, or a bad port (expected redis://host:port)";
                case PORT_RANGE -> "redis.url port is out of range (expected redis://host:port with a port up to 65535)";
                case DATABASE -> "redis.url database must be a number (expected redis://host:port/0)";
                case USERINFO_ENCODING -> "redis.url user name or password has a percent-escape that is not UTF-8";
            });
        }
        return new RedisEndpoint(parsed.host(), parsed.port(), parsed.user(), parsed.password(), parsed.database(),
                parsed.tls());
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
