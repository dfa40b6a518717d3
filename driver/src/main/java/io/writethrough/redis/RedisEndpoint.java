package io.writethrough.redis;

import io.writethrough.mapping.RedisUrl;

/**
 * Where Redis is: parsed from {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS) by
 * {@link RedisUrl}, the parser the configuration check uses too: percent-escapes in user and password are decoded
 * and nothing else ({@code +} stays a plus), and a host name may contain {@code _}.
 * {@link #toString()} masks the password, so an endpoint may be logged.
 */
public final class RedisEndpoint {

    private final RedisUrl url;

    private RedisEndpoint(RedisUrl url) {
        this.url = url;
    }

    /**
     * Parses a Redis URL. The message of the exception thrown for a bad URL never contains the URL
     * itself, since it may carry a password.
     *
     * @throws IllegalArgumentException for a URL that is not a Redis URL
     */
    public static RedisEndpoint parse(String url) {
        try {
            return new RedisEndpoint(RedisUrl.parse(url));
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
    }

    public String host() {
        return url.host();
    }

    public int port() {
        return url.port();
    }

    String user() {
        return url.user();
    }

    String password() {
        return url.password();
    }

    public int database() {
        return url.database();
    }

    public boolean tls() {
        return url.tls();
    }

    /** How to connect to it (RESP2, its database, TLS, credentials). */
    ClientOptions clientOptions() {
        return new ClientOptions(tls(), password() == null ? null : user(), password(), database());
    }

    /** The URL with the password masked. */
    @Override
    public String toString() {
        return url.toString();
    }
}
