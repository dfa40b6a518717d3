package io.writethrough.jdbc;

import io.writethrough.mapping.MappingConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A {@code jdbc:writethrough:} URL split into the real driver's URL and this driver's parameters.
 * Only the leading prefix is stripped; {@code writethrough.*} query parameters are removed so the real
 * driver never sees them. Never logged or put in a message: the real URL may carry a password.
 */
final class DriverUrl {

    static final String PREFIX = "jdbc:writethrough:";

    private final String realUrl;
    private final Properties parameters;

    private DriverUrl(String realUrl, Properties parameters) {
        this.realUrl = realUrl;
        this.parameters = parameters;
    }

    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static DriverUrl parse(String url) {
        String real = "jdbc:" + url.substring(PREFIX.length());
        Properties parameters = new Properties();
        int query = real.indexOf('?');
        if (query < 0) {
            return new DriverUrl(real, parameters);
        }
        StringBuilder kept = new StringBuilder(real.length()).append(real, 0, query);
        char separator = '?';
        for (String pair : real.substring(query + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.startsWith(MappingConfig.PROPERTY_PREFIX)) {
                parameters.setProperty(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            } else {
                kept.append(separator).append(pair);
                separator = '&';
            }
        }
        return new DriverUrl(kept.toString(), parameters);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL for the real driver: {@code jdbc:} plus the rest, without {@code writethrough.*} parameters. */
    String realUrl() {
        return realUrl;
    }

    /** The {@code writethrough.*} query parameters, decoded. */
    Properties parameters() {
        return parameters;
    }

    /** The database part of the URL, without query and without any user information: safe to show. */
    String database() {
        return withoutSecrets(realUrl);
    }

    /** A JDBC URL without its query and user information, which may carry credentials. */
    static String withoutSecrets(String jdbcUrl) {
        int at = jdbcUrl.indexOf('?');
        String base = at < 0 ? jdbcUrl : jdbcUrl.substring(0, at);
        return base.replaceFirst("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
        return PREFIX + database().substring("jdbc:".length());
    }
}
