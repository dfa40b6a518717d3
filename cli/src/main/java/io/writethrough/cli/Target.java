package io.writethrough.cli;

import io.writethrough.mapping.MappingConfig;
import io.writethrough.mapping.RedisUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the command connects to: the {@code jdbc:writethrough:} URL made from {@code --jdbc-url}, the connection
 * properties naming {@code --config}, and the secrets that no output may show (the JDBC password, given as
 * {@code password=} or as {@code user:password@}, and the Redis password of the mapping file's {@code redis.url}).
 */
final class Target {

    private static final String PLAIN = "jdbc:postgresql:";
    private static final String WRAPPED = "jdbc:writethrough:postgresql:";

    private final String url;
    private final Properties properties;
    private final List<String> secrets;

    private Target(String url, Properties properties, List<String> secrets) {
        this.url = url;
        this.properties = properties;
        this.secrets = secrets;
    }

    /** Checks the URL's form and that the file can be read; the driver checks the rest when it connects. */
    static Target of(String jdbcUrl, Path config) throws BadInput {
        List<String> secrets = new ArrayList<>();
        secrets.addAll(passwordsIn(jdbcUrl));
        String url;
        if (jdbcUrl.regionMatches(true, 0, WRAPPED, 0, WRAPPED.length())) {
            url = jdbcUrl;
        } else if (jdbcUrl.regionMatches(true, 0, PLAIN, 0, PLAIN.length())) {
            url = WRAPPED + jdbcUrl.substring(PLAIN.length());
        } else {
            int end = jdbcUrl.indexOf("//");
            String shown = end < 0 ? "" : " (it starts with '" + jdbcUrl.substring(0, end) + "')";
            throw new BadInput("--jdbc-url must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database or "
                    + "jdbc:writethrough:postgresql://host:port/database" + shown);
        }
        if (!Files.isRegularFile(config)) {
            throw new BadInput("--config " + config + ": no such file (expected the mapping file the application uses, "
                    + "e.g. writethrough.properties)");
        }
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInput("--config " + config + ": cannot be read (" + e.getMessage() + ")");
        }
        String redisUrl = file.getProperty("redis.url");
        if (redisUrl != null) {
            try {
                String password = RedisUrl.parse(redisUrl.trim()).password();
                if (password != null && !password.isEmpty()) {
                    secrets.add(password);
                }
            } catch (IllegalArgumentException e) {
                // The driver refuses the URL with a message of its own, which never shows the password.
            }
        }
        Properties properties = new Properties();
        properties.setProperty(MappingConfig.CONFIG_PROPERTY, config.toString());
        return new Target(url, properties, List.copyOf(secrets));
    }

    /** The {@code jdbc:writethrough:} URL: carries credentials, never shown. */
    String url() {
        return url;
    }

    /** The connection properties: {@code writethrough.config}. */
    Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** {@code text} with every secret replaced by {@code ***}. */
    String masked(String text) {
        return mask(text, secrets);
    }

    static String mask(String text, List<String> secrets) {
        String out = text == null ? "" : text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /** The password of a JDBC URL: a {@code password} parameter and the password of {@code user:password@}. */
    static List<String> passwordsIn(String jdbcUrl) {
        List<String> found = new ArrayList<>();
        int query = jdbcUrl.indexOf('?');
        if (query >= 0) {
            for (String pair : jdbcUrl.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase("password") && eq + 1 < pair.length()) {
                    found.add(pair.substring(eq + 1));
                    found.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        int slashes = jdbcUrl.indexOf("//");
        int at = slashes < 0 ? -1 : jdbcUrl.indexOf('@', slashes);
        int slash = slashes < 0 ? -1 : jdbcUrl.indexOf('/', slashes + 2);
        if (at > 0 && (slash < 0 || at < slash)) {
            String userInfo = jdbcUrl.substring(slashes + 2, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon + 1 < userInfo.length()) {
                found.add(userInfo.substring(colon + 1));
            }
        }
        return found;
    }

    /** An option value the command cannot use; its message names the option and what was expected. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }
}
