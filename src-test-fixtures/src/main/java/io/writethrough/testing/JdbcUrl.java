package io.writethrough.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small operations on {@code jdbc:postgresql://…} URLs that never expose credentials. */
final class JdbcUrl {

    private JdbcUrl() {
    }

    /**
     * Appends {@code name=value} to the URL's query, starting the query when there is none.
     * The value is URL-encoded; an existing parameter of the same name is not removed.
     */
    static String withParameter(String url, String name, String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String separator;
        int query = url.indexOf('?');
        if (query < 0) {
            separator = "?";
        } else if (query == url.length() - 1 || url.endsWith("&")) {
            separator = "";
        } else {
            separator = "&";
        }
        return url + separator + name + "=" + encoded;
    }

    /**
     * The host, port and database of a JDBC URL, without user, password or any other parameter:
     * safe to log.
     */
    static String address(String url) {
        String rest = url;
        int scheme = rest.indexOf("//");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 2);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int userInfo = rest.lastIndexOf('@');
        if (userInfo >= 0) {
            rest = rest.substring(userInfo + 1);
        }
        return rest;
    }

    /** The URL the writethrough driver accepts for this real URL: {@code jdbc:} becomes {@code jdbc:writethrough:}. */
    static String writeThrough(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("expected a JDBC URL starting with \"jdbc:\", got one starting with \""
                    + url.substring(0, Math.min(url.length(), 12)) + "\"");
        }
        return "jdbc:writethrough:" + url.substring("jdbc:".length());
    }
}
