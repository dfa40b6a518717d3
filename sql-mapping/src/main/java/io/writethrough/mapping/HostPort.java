package io.writethrough.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code host:port} of {@code redis.cluster.nodes} or {@code redis.sentinel.nodes}: a host name (letters, digits,
 * {@code .}, {@code -}, {@code _}) or an IPv6 literal in brackets, and a port from 1 to 65535.
 *
 * @param host the host, an IPv6 literal without its brackets
 * @param port the port
 */
public record HostPort(String host, int port) {

    private static final Pattern ITEM =
            Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)):([0-9]{1,5})");

    /**
     * Parses a comma list (spaces around items allowed).
     *
     * @throws IllegalArgumentException naming the item that is not {@code host:port}
     */
    public static List<HostPort> parseList(String list) {
        List<HostPort> parsed = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            String trimmed = item.strip();
            Matcher m = ITEM.matcher(trimmed);
            if (!m.matches()) {
                throw new IllegalArgumentException(trimmed.isEmpty() ? "an item is empty"
                        : "item '" + trimmed + "' is not host:port");
            }
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("item '" + trimmed + "' has a port out of range");
            }
            parsed.add(new HostPort(m.group(1) != null ? m.group(1) : m.group(2), port));
        }
        return parsed;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
