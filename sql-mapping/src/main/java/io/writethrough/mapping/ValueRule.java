package io.writethrough.mapping;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What values a setting accepts: the check behind every "expected ..." in a {@link ConfigException}, the
 * "allowed" column of the configuration table, and how a value may be shown (masked when secret).
 */
abstract class ValueRule {

    static final ValueRule POSITIVE_INT = new IntegerRule(1, Integer.MAX_VALUE, "positive integer",
            "a positive integer (at most " + Integer.MAX_VALUE + ")");
    static final ValueRule SECONDS = new IntegerRule(0, Long.MAX_VALUE, "integer ≥ 0 (seconds)",
            "a whole number of seconds, 0 or more");
    static final ValueRule MILLIS = new IntegerRule(0, Integer.MAX_VALUE, "integer ≥ 0 (milliseconds)",
            "a whole number of milliseconds, 0 or more");
    static final ValueRule REDIS_URL = new RedisUrlRule();
    static final ValueRule HOST_PORT_LIST = new HostPortListRule();
    static final ValueRule TEXT = new TextRule(false);
    static final ValueRule SECRET = new TextRule(true);
    static final ValueRule REPLICA_COUNT = new AutoOrCountRule(0, "a whole number of replicas, 0 or more");
    static final ValueRule POOL_SIZE = new AutoOrCountRule(1, "a whole number of connections, 1 or more");
    static final ValueRule KEY_TEMPLATE = new KeyTemplateRule();
    static final ValueRule COLUMN_LIST = new ColumnListRule();

    static ValueRule oneOf(String... choices) {
        return new ChoiceRule(List.of(choices));
    }

    /** Short text for the "allowed" column of the configuration table (Markdown). */
    abstract String allowed();

    /** The fixed set of values, or an empty list when the value is free-form. */
    List<String> choices() {
        return List.of();
    }

    /** The Java type a value reads as: {@code Integer} or {@code Long} for numbers, else {@code String}. */
    Class<?> valueType() {
        return String.class;
    }

    /**
     * Checks a (trimmed) value.
     *
     * @return {@code null} when the value is fine, else the text that follows "has value 'x'; " in the
     *     error message, saying what was expected; it never repeats a secret value
     */
    abstract String problem(String value);

    boolean isSecret() {
        return false;
    }

    /** The value as it may appear in a message or log line. */
    String display(String value) {
        return value;
    }

    private static final class IntegerRule extends ValueRule {
        private final long min;
        private final long max;
        private final String allowed;
        private final String expected;

        IntegerRule(long min, long max, String allowed, String expected) {
            this.min = min;
            this.max = max;
            this.allowed = allowed;
            this.expected = expected;
        }

        @Override
        String allowed() {
            return allowed;
        }

        @Override
        Class<?> valueType() {
            return max <= Integer.MAX_VALUE ? Integer.class : Long.class;
        }

        @Override
        String problem(String value) {
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= min && parsed <= max) {
                    return null;
                }
            } catch (NumberFormatException notANumber) {
                // reported below with the same text as an out-of-range number
            }
            return "expected " + expected;
        }
    }

    private static final class ChoiceRule extends ValueRule {
        private final List<String> choices;

        ChoiceRule(List<String> choices) {
            this.choices = choices;
        }

        @Override
        String allowed() {
            return String.join(", ", choices.stream().map(c -> "`" + c + "`").toList());
        }

        @Override
        List<String> choices() {
            return choices;
        }

        @Override
        String problem(String value) {
            return choices.contains(value) ? null : "expected one of: " + String.join(", ", choices);
        }
    }

    private static final class KeyTemplateRule extends ValueRule {
        @Override
        String allowed() {
            return "text with `{column}` placeholders";
        }

        @Override
        String problem(String value) {
            try {
                KeyTemplate.parse(value);
                return null;
            } catch (IllegalArgumentException e) {
                return "expected a key template with {column} placeholders separated by text: " + e.getMessage();
            }
        }
    }

    private static final class ColumnListRule extends ValueRule {
        @Override
        String allowed() {
            return "comma-separated column names";
        }

        @Override
        String problem(String value) {
            Set<String> seen = new HashSet<>();
            for (String column : split(value)) {
                if (column.isEmpty()) {
                    return "expected a comma-separated list of column names without empty items";
                }
                if (!seen.add(column)) {
                    return "column '" + column + "' is listed twice; expected each column once";
                }
            }
            return null;
        }

        static List<String> split(String value) {
            return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        }
    }

    /** Any non-empty text; a secret one is shown as {@code ****}. */
    private static final class TextRule extends ValueRule {
        private final boolean secret;

        TextRule(boolean secret) {
            this.secret = secret;
        }

        @Override
        String allowed() {
            return secret ? "text (secret)" : "text";
        }

        @Override
        boolean isSecret() {
            return secret;
        }

        @Override
        String display(String value) {
            return secret && !value.isEmpty() ? "****" : value;
        }

        @Override
        String problem(String value) {
            return value.isEmpty() ? "expected a non-empty value (leave the key out instead)" : null;
        }
    }

    /** {@code host:port,host:port}: each item a host name or IPv6 literal in brackets, and a port. */
    private static final class HostPortListRule extends ValueRule {

        @Override
        String allowed() {
            return "`host:port` list";
        }

        @Override
        String problem(String value) {
            try {
                HostPort.parseList(value);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage() + "; expected a comma list of host:port, e.g. redis-1:6379,redis-2:6379";
            }
        }
    }

    /** {@code auto} (the setting's default decides) or a whole number of at least {@code min}. */
    private static final class AutoOrCountRule extends ValueRule {

        private final int min;
        private final String expected;

        AutoOrCountRule(int min, String expected) {
            this.min = min;
            this.expected = expected;
        }

        @Override
        String allowed() {
            return "`auto` or integer ≥ " + min;
        }

        @Override
        String problem(String value) {
            if (value.equals("auto")) {
                return null;
            }
            try {
                if (Integer.parseInt(value) >= min) {
                    return null;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            return "expected auto or " + expected;
        }
    }

    /** Splits a {@code columns} value (already checked) into its trimmed items. */
    static List<String> columnList(String value) {
        return ColumnListRule.split(value);
    }

    private static final class RedisUrlRule extends ValueRule {
        private static final String EXPECTED =
                "expected redis://[user:password@]host[:port][/db], or rediss://... for TLS";

        @Override
        String allowed() {
            return "`redis://` or `rediss://` URL";
        }

        @Override
        boolean isSecret() {
            return true;
        }

        @Override
        String display(String value) {
            return masked(value);
        }

        @Override
        String problem(String value) {
            try {
                RedisUrl.parse(value);
                return null;
            } catch (RedisUrl.Invalid e) {
                // The problem's text never repeats the URL, password included.
                return e.problem().text() + "; " + EXPECTED;
            }
        }

        /**
         * Masks everything between "://" and the last '@' except a user name: {@code redis://user:****@host:port}.
         * Uses the last '@' of the whole text so that even a malformed URL (an unescaped '@' or '/' in the
         * password) never shows a password character.
         */
        static String masked(String url) {
            int at = url.lastIndexOf('@');
            if (at < 0) {
                return url;
            }
            int schemeEnd = url.indexOf("://");
            int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
            int colon = url.indexOf(':', start);
            int userEnd = colon >= 0 && colon < at ? colon + 1 : start;
            return url.substring(0, userEnd) + "****" + url.substring(at);
        }
    }
}
