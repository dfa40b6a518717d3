package io.writethrough.mapping;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis://[user:password@]host[:port][/db]} URL ({@code rediss://} for TLS), parsed once for both the
 * configuration check ({@code redis.url}) and the connection, so the two always agree on what a URL means.
 *
 * <ul>
 *   <li>User and password are the userinfo split at its first {@code :} (no {@code :}: all of it is the password),
 *       with percent-escapes decoded as UTF-8 and nothing else: {@code +} is a plus, as RFC 3986 has it (not a
 *       space, as in HTML forms). Write {@code @} as {@code %40}, {@code :} in a user name as {@code %3A}, {@code /}
 *       as {@code %2F}, {@code %} as {@code %25}.</li>
 *   <li>The host may contain {@code _} (Docker Compose service names such as {@code redis_cache}), which
 *       {@link URI} does not accept as a host name: when {@code URI} finds no host, the authority is read here
 *       (host name of letters, digits, {@code .}, {@code -} and {@code _}, or an IPv6 literal in brackets, then an
 *       optional port). An IPv6 literal keeps its brackets, as {@link URI#getHost()} returns it.</li>
 *   <li>The port defaults to 6379 and must be at most 65535; the path is empty, {@code /} or {@code /<db>} with at
 *       most 9 digits (database 0 by default). A query or fragment is ignored.</li>
 * </ul>
 *
 * <p>No exception message contains the URL or any part of it, since it may carry a password; {@link #toString()}
 * masks the password.
 */
public final class RedisUrl {

    /** The default Redis port. */
    public static final int DEFAULT_PORT = 6379;

    private static final Pattern HOST_PORT = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)(?::([0-9]*))?");
    private static final Pattern DATABASE = Pattern.compile("/[0-9]{1,9}");

    /** Why a URL was refused; {@link #text()} says it without repeating the URL. */
    public enum Problem {
        NOT_A_URI("it is not a valid URI"),
        SCHEME("the scheme must be redis or rediss"),
        NO_HOST("it names no host (or has a bad port)"),
        PORT_RANGE("the port is out of range"),
        DATABASE("the path must be a database number"),
        USERINFO_ENCODING("its user name or password has a percent-escape that is not UTF-8");

        private final String text;

        Problem(String text) {
            this.text = text;
        }

        /** E.g. "the port is out of range". */
        public String text() {
            return text;
        }
    }

    /** A refused URL. The message is {@link Problem#text()}: it never contains the URL. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        Invalid(Problem problem) {
            super(problem.text());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private final boolean tls;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final int database;

    private RedisUrl(boolean tls, String user, String password, String host, int port, int database) {
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.database = database;
    }

    /**
     * Parses a Redis URL.
     *
     * @throws Invalid saying what is wrong, never repeating the URL
     */
    public static RedisUrl parse(String url) {
        if (url == null) {
            throw new Invalid(Problem.SCHEME);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // e's message repeats the input, password included: never pass it on.
            throw new Invalid(Problem.NOT_A_URI);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
            throw new Invalid(Problem.SCHEME);
        }
        String host = uri.getHost();
        int port = uri.getPort();
        String userInfo = uri.getRawUserInfo();
        if (host == null) {
            // URI takes a host name with '_' (or another character RFC 2396 does not allow) for a registry name and
            // returns no host, user or port: read the authority here.
            String authority = uri.getRawAuthority();
            if (authority == null) {
                throw new Invalid(Problem.NO_HOST);
            }
            int at = authority.indexOf('@');
            if (at >= 0) {
                userInfo = authority.substring(0, at);
                authority = authority.substring(at + 1);
            }
            Matcher hostPort = HOST_PORT.matcher(authority);
            if (!hostPort.matches()) {
                throw new Invalid(Problem.NO_HOST);
            }
            host = hostPort.group(1);
            String digits = hostPort.group(2);
            port = digits == null || digits.isEmpty() ? -1 : digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }
        if (host.isEmpty()) {
            throw new Invalid(Problem.NO_HOST);
        }
        if (port > 65535) {
            throw new Invalid(Problem.PORT_RANGE);
        }
        String path = uri.getRawPath();
        int database = 0;
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            if (!DATABASE.matcher(path).matches()) {
                throw new Invalid(Problem.DATABASE);
            }
            database = Integer.parseInt(path.substring(1));
        }
        String user = null;
        String password = null;
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = percentDecode(userInfo);
            } else {
                user = colon == 0 ? null : percentDecode(userInfo.substring(0, colon));
                password = percentDecode(userInfo.substring(colon + 1));
            }
        }
        return new RedisUrl(scheme.equalsIgnoreCase("rediss"), user, password, host, port < 0 ? DEFAULT_PORT : port, database);
    }

    /**
     * Decodes percent-escapes (runs of {@code %XX} as UTF-8) and nothing else. ({@link URI} has already refused a
     * {@code %} without two hex digits after it.)
     */
    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) != '%') {
                out.append(raw.charAt(i++));
                continue;
            }
            bytes.reset();
            while (i < raw.length() && raw.charAt(i) == '%') {
                int high = i + 1 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int low = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new Invalid(Problem.NOT_A_URI);
                }
                bytes.write(high * 16 + low);
                i += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new Invalid(Problem.USERINFO_ENCODING);
            }
        }
        return out.toString();
    }

    private static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** True for {@code rediss://}. */
    public boolean tls() {
        return tls;
    }

    /** The user name, decoded; {@code null} when the URL names none. */
    public String user() {
        return user;
    }

    /** The password, decoded; {@code null} when the URL has none. Never show it. */
    public String password() {
        return password;
    }

    /** The host: a name, an IPv4 address, or an IPv6 literal in brackets. */
    public String host() {
        return host;
    }

    /** The port, 6379 when the URL names none. */
    public int port() {
        return port;
    }

    /** The database number, 0 when the URL names none. */
    public int database() {
        return database;
    }

    /** The URL with the password masked: {@code redis://user:****@host:port/db}. */
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
