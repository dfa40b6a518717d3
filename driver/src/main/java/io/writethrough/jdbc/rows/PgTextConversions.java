package io.writethrough.jdbc.rows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLException;

/**
 * pgjdbc's (42.7.x {@code PgResultSet}) conversions of a text-format value to numbers and booleans, applied to
 * a captured {@code getString} value, with pgjdbc's messages and SQLStates. pgjdbc's optional
 * {@code convertBooleanToNumeric} connection property (off by default) is not honoured.
 */
final class PgTextConversions {

    private static final String OUT_OF_RANGE = "22003";
    private static final String CANNOT_COERCE = "42846";

    private PgTextConversions() {
    }

    static boolean toBoolean(String text) throws SQLException {
        String value = text.trim();
        if ("1".equals(value) || "true".equalsIgnoreCase(value) || "t".equalsIgnoreCase(value)
                || "yes".equalsIgnoreCase(value) || "y".equalsIgnoreCase(value) || "on".equalsIgnoreCase(value)) {
            return true;
        }
        if ("0".equals(value) || "false".equalsIgnoreCase(value) || "f".equalsIgnoreCase(value)
                || "no".equalsIgnoreCase(value) || "n".equalsIgnoreCase(value) || "off".equalsIgnoreCase(value)) {
            return false;
        }
        throw new SQLException("Cannot cast to boolean: \"" + text + "\"", CANNOT_COERCE);
    }

    static byte toByte(String text) throws SQLException {
        Long fast = fastLong(text, Byte.MIN_VALUE, Byte.MAX_VALUE);
        if (fast != null) {
            return fast.byteValue();
        }
        // Unlike the other integer getters, pgjdbc's getByte neither strips money formatting nor rejects blanks.
        String s = text.trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Byte.parseByte(s);
        } catch (NumberFormatException e) {
            return integral(s, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue();
        }
    }

    static short toShort(String text) throws SQLException {
        Long fast = fastLong(text, Short.MIN_VALUE, Short.MAX_VALUE);
        if (fast != null) {
            return fast.shortValue();
        }
        String s = trimMoney(text).trim();
        try {
            return Short.parseShort(s);
        } catch (NumberFormatException e) {
            return integral(s, "short", Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
        }
    }

    static int toInt(String text) throws SQLException {
        Long fast = fastLong(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (fast != null) {
            return fast.intValue();
        }
        String s = trimMoney(text).trim();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return integral(s, "int", Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
        }
    }

    static long toLong(String text) throws SQLException {
        Long fast = fastLong(text, Long.MIN_VALUE, Long.MAX_VALUE);
        if (fast != null) {
            return fast;
        }
        String s = trimMoney(text).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return integral(s, "long", Long.MIN_VALUE, Long.MAX_VALUE).longValue();
        }
    }

    static float toFloat(String text) throws SQLException {
        String s = trimMoney(text).trim();
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw badValue("float", s);
        }
    }

    static double toDouble(String text) throws SQLException {
        String s = trimMoney(text).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw badValue("double", s);
        }
    }

    /** {@code getBigDecimal}, rescaled (half-even) when {@code scale} is not null. */
    static BigDecimal toBigDecimal(String text, Integer scale) throws SQLException {
        String s = trimMoney(text).trim();
        BigDecimal value;
        try {
            value = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw badValue("BigDecimal", s);
        }
        if (scale == null) {
            return value;
        }
        try {
            return value.setScale(scale, RoundingMode.HALF_EVEN);
        } catch (ArithmeticException e) {
            throw badValue("BigDecimal", value.toString());
        }
    }

    /** pgjdbc's {@code trimMoney}: {@code $1.00} → {@code 1.00}, {@code -$1.00} and {@code ($1.00)} → {@code -1.00}. */
    static String trimMoney(String s) {
        if (s.length() < 2) {
            return s;
        }
        char first = s.charAt(0);
        if (first > '-') {
            return s;
        }
        if (first == '(') {
            String inner = s.substring(1);
            if (inner.endsWith(")")) {
                inner = inner.substring(0, inner.length() - 1);
            }
            // pgjdbc fails with StringIndexOutOfBoundsException on "()"; an empty remainder reads as a bad value.
            return "-" + (inner.isEmpty() ? "" : inner.substring(1));
        }
        if (first == '$') {
            return s.substring(1);
        }
        if (first == '-' && s.charAt(1) == '$') {
            return "-" + s.substring(2);
        }
        return s;
    }

    /**
     * pgjdbc's fast path over the raw ASCII bytes: an optional '-', digits, optionally '.' and digits (dropped);
     * null when it does not apply or the value is outside [min, max]. It differs from the slow path only on
     * odd input (a lone "-" reads as 0), which is why it is kept.
     */
    private static Long fastLong(String text, long min, long max) {
        int len = text.length();
        if (len == 0) {
            return null;
        }
        boolean negative = text.charAt(0) == '-';
        long value = 0;
        int i = negative ? 1 : 0;
        while (i < len) {
            char c = text.charAt(i++);
            if (c < '0' || c > '9') {
                if (c != '.' || (negative && len == 2) || (!negative && len == 1)) {
                    return null;
                }
                while (i < len) {
                    char d = text.charAt(i++);
                    if (d < '0' || d > '9') {
                        return null;
                    }
                }
                break;
            }
            if (value < Long.MIN_VALUE / 10) {
                return null;
            }
            value *= 10;
            int digit = c - '0';
            if (value < Long.MIN_VALUE + digit) {
                return null;
            }
            value -= digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            value = -value;
        }
        return value < min || value > max ? null : value;
    }

    private static BigInteger integral(String s, String type, long min, long max) throws SQLException {
        BigInteger value;
        try {
            value = new BigDecimal(s).toBigInteger();
        } catch (NumberFormatException e) {
            throw badValue(type, s);
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0 || value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw badValue(type, s);
        }
        return value;
    }

    private static SQLException badValue(String type, String value) {
        return new SQLException("Bad value for type " + type + " : " + value, OUT_OF_RANGE);
    }
}
