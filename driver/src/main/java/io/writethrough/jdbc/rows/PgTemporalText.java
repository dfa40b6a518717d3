package io.writethrough.jdbc.rows;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoEra;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.SimpleTimeZone;
import java.util.TimeZone;

/**
 * pgjdbc's (42.7.x {@code TimestampUtils}) conversions from a value's text to date/time objects, applied to a
 * captured {@code getString} value. Re-deriving from the text, rather than capturing one Java object per
 * getter, reproduces every calendar- and zone-dependent answer pgjdbc gives, including ones that depend on
 * the offset PostgreSQL printed (e.g. {@code getTime} of a {@code timestamptz}), the BC era, {@code infinity}
 * and hybrid Julian/Gregorian calendar arithmetic.
 */
final class PgTemporalText {

    /** pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY}: the millis standing for {@code infinity}. */
    static final long DATE_POSITIVE_INFINITY = 9223372036825200000L;
    /** pgjdbc's {@code PGStatement.DATE_NEGATIVE_INFINITY}: the millis standing for {@code -infinity}. */
    static final long DATE_NEGATIVE_INFINITY = -9223372036832400000L;

    private static final String BAD_VALUE = "Bad value for type timestamp/date/time: ";
    private static final String BAD_DATETIME_FORMAT = "22007";
    private static final int ONE_DAY = 24 * 3600 * 1000;
    private static final byte[] INFINITY = "infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEGATIVE_INFINITY = "-infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAX_TIME = "24:00:00".getBytes(StandardCharsets.US_ASCII);

    private PgTemporalText() {
    }

    /** Whether the text is {@code infinity} or {@code -infinity}. */
    static boolean isInfinity(String text) {
        return "infinity".equals(text) || "-infinity".equals(text);
    }

    /** Whether the text carries a UTC offset ({@code timestamptz}/{@code timetz} output); false if unparsable. */
    static boolean hasOffset(String text) {
        try {
            return parse(bytes(text)).hasOffset;
        } catch (SQLException e) {
            return false;
        }
    }

    /** {@code getTimestamp}: a value without offset is read in {@code zone}. */
    static Timestamp toTimestamp(TimeZone zone, String text) throws SQLException {
        byte[] s = bytes(text);
        if (s.length == 0) {
            throw badValue(text, null);
        }
        if (Arrays.equals(s, INFINITY)) {
            return new Timestamp(DATE_POSITIVE_INFINITY);
        }
        if (Arrays.equals(s, NEGATIVE_INFINITY)) {
            return new Timestamp(DATE_NEGATIVE_INFINITY);
        }
        Parsed ts = parse(s);
        Calendar cal = ts.hasOffset ? offsetCalendar(ts.offset) : new GregorianCalendar(zone);
        setDateAndTime(cal, ts);
        Timestamp result = new Timestamp(cal.getTimeInMillis());
        result.setNanos(ts.nanos);
        return result;
    }

    /**
     * {@code getDate}. {@code cal} is the caller's calendar (a copy: pgjdbc clears and fills it) or a
     * Gregorian calendar in the default zone; a plain date is composed in it, a timestamp is truncated to
     * midnight in its zone.
     */
    static Date toDate(Calendar cal, String text) throws SQLException {
        byte[] s = bytes(text);
        if (s.length == 0) {
            throw badValue(text, null);
        }
        if (Arrays.equals(s, INFINITY)) {
            return new Date(DATE_POSITIVE_INFINITY);
        }
        if (Arrays.equals(s, NEGATIVE_INFINITY)) {
            return new Date(DATE_NEGATIVE_INFINITY);
        }
        TimeZone zone = cal.getTimeZone();
        if (s.length > 13) {
            Parsed pt = parse(s);
            Calendar useCal = pt.hasOffset ? offsetCalendar(pt.offset) : new GregorianCalendar(zone);
            setDateAndTime(useCal, pt);
            return convertToDate(useCal.getTimeInMillis(), zone);
        }
        Parsed pt = parseDate(s, text);
        cal.clear();
        cal.set(Calendar.YEAR, pt.year);
        cal.set(Calendar.DAY_OF_MONTH, pt.day);
        cal.set(Calendar.MONTH, pt.month - 1);
        cal.set(Calendar.ERA, pt.era);
        return new Date(cal.getTimeInMillis());
    }

    /** {@code getTime}: the time of day, on 1970-01-01; a value without offset is read in {@code zone}. */
    static Time toTime(TimeZone zone, String text) throws SQLException {
        Parsed ts = parse(bytes(text));
        Calendar cal = ts.hasOffset ? offsetCalendar(ts.offset) : new GregorianCalendar(zone);
        if (!ts.hasOffset) {
            // The full date is set first (as pgjdbc does) because a DST change on that date moves the time.
            cal.set(Calendar.ERA, ts.era);
            cal.set(Calendar.YEAR, ts.year);
            cal.set(Calendar.MONTH, ts.month - 1);
            cal.set(Calendar.DAY_OF_MONTH, ts.day);
        } else {
            cal.set(Calendar.ERA, GregorianCalendar.AD);
            cal.set(Calendar.YEAR, 1970);
            cal.set(Calendar.MONTH, Calendar.JANUARY);
            cal.set(Calendar.DAY_OF_MONTH, 1);
        }
        cal.set(Calendar.HOUR_OF_DAY, ts.hour);
        cal.set(Calendar.MINUTE, ts.minute);
        cal.set(Calendar.SECOND, ts.second);
        cal.set(Calendar.MILLISECOND, 0);
        long millis = cal.getTimeInMillis() + ts.nanos / 1_000_000;
        if (ts.hasOffset || (ts.year == 1970 && ts.era == GregorianCalendar.AD)) {
            return new Time(millis);
        }
        return convertToTime(millis, cal.getTimeZone());
    }

    /** {@code getTimestamp} of a {@code time}/{@code timetz}: 1970-01-01 with the time's fraction of a second. */
    static Timestamp timeToTimestamp(TimeZone zone, String text) throws SQLException {
        Timestamp withMicros = toTimestamp(zone, text);
        Timestamp result = new Timestamp(toTime(zone, text).getTime());
        result.setNanos(withMicros.getNanos());
        return result;
    }

    /** {@code getObject(i, LocalDateTime.class)} of a {@code timestamp}; any offset is ignored. */
    static LocalDateTime toLocalDateTime(String text) throws SQLException {
        byte[] s = bytes(text);
        if (Arrays.equals(s, INFINITY)) {
            return LocalDateTime.MAX;
        }
        if (Arrays.equals(s, NEGATIVE_INFINITY)) {
            return LocalDateTime.MIN;
        }
        Parsed ts = parse(s);
        try {
            LocalDateTime result = LocalDateTime.of(ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.nanos);
            return ts.era == GregorianCalendar.BC ? result.with(ChronoField.ERA, IsoEra.BCE.getValue()) : result;
        } catch (DateTimeException e) {
            throw badValue(text, e);
        }
    }

    /** {@code getObject(i, OffsetDateTime.class)} before pgjdbc normalises timestamps to UTC. */
    static OffsetDateTime toOffsetDateTime(String text) throws SQLException {
        byte[] s = bytes(text);
        if (Arrays.equals(s, INFINITY)) {
            return OffsetDateTime.MAX;
        }
        if (Arrays.equals(s, NEGATIVE_INFINITY)) {
            return OffsetDateTime.MIN;
        }
        Parsed ts = parse(s);
        try {
            OffsetDateTime result = OffsetDateTime.of(ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second,
                    ts.nanos, ts.offset);
            return ts.era == GregorianCalendar.BC ? result.with(ChronoField.ERA, IsoEra.BCE.getValue()) : result;
        } catch (DateTimeException e) {
            throw badValue(text, e);
        }
    }

    /** {@code getObject(i, LocalDate.class)} of a {@code date}. */
    static LocalDate toLocalDate(String text) throws SQLException {
        byte[] s = bytes(text);
        if (Arrays.equals(s, INFINITY)) {
            return LocalDate.MAX;
        }
        if (Arrays.equals(s, NEGATIVE_INFINITY)) {
            return LocalDateTime.MIN.toLocalDate();
        }
        Parsed pt = parseDate(s, text);
        try {
            LocalDate result = LocalDate.of(pt.year, pt.month, pt.day);
            return pt.era == GregorianCalendar.BC ? result.with(ChronoField.ERA, IsoEra.BCE.getValue()) : result;
        } catch (DateTimeException e) {
            throw badValue(text, e);
        }
    }

    /** {@code getObject(i, LocalTime.class)} of a {@code time}; {@code 24:00:00} is {@link LocalTime#MAX}. */
    static LocalTime toLocalTime(String text) throws SQLException {
        if ("24:00:00".equals(text)) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw badValue(text, e);
        }
    }

    /** {@code getObject(i, OffsetTime.class)} of a {@code timetz}; {@code 24:00:00…} is {@link OffsetTime#MAX}. */
    static OffsetTime toOffsetTime(String text) throws SQLException {
        byte[] s = bytes(text);
        if (s.length >= MAX_TIME.length && Arrays.equals(s, 0, MAX_TIME.length, MAX_TIME, 0, MAX_TIME.length)) {
            return OffsetTime.MAX;
        }
        Parsed ts = parse(s);
        try {
            return OffsetTime.of(ts.hour, ts.minute, ts.second, ts.nanos, ts.offset);
        } catch (DateTimeException e) {
            throw badValue(text, e);
        }
    }

    /** A {@code timetz} exactly as PostgreSQL prints it: {@code hh:mm:ss[.ffffff]±hh[:mm[:ss]]}. */
    static String toText(OffsetTime time) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%02d:%02d:%02d",
                time.getHour(), time.getMinute(), time.getSecond()));
        if (time.getNano() != 0) {
            String fraction = String.format(Locale.ROOT, "%09d", time.getNano()).replaceFirst("0+$", "");
            text.append('.').append(fraction);
        }
        int offset = time.getOffset().getTotalSeconds();
        int magnitude = Math.abs(offset);
        int minutes = magnitude / 60 % 60;
        int seconds = magnitude % 60;
        text.append(offset < 0 ? '-' : '+').append(String.format(Locale.ROOT, "%02d", magnitude / 3600));
        if (minutes != 0 || seconds != 0) {
            text.append(String.format(Locale.ROOT, ":%02d", minutes));
        }
        if (seconds != 0) {
            text.append(String.format(Locale.ROOT, ":%02d", seconds));
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void setDateAndTime(Calendar cal, Parsed ts) {
        cal.set(Calendar.ERA, ts.era);
        cal.set(Calendar.YEAR, ts.year);
        cal.set(Calendar.MONTH, ts.month - 1);
        cal.set(Calendar.DAY_OF_MONTH, ts.day);
        cal.set(Calendar.HOUR_OF_DAY, ts.hour);
        cal.set(Calendar.MINUTE, ts.minute);
        cal.set(Calendar.SECOND, ts.second);
        cal.set(Calendar.MILLISECOND, 0);
    }

    /** A calendar fixed at the printed offset; pgjdbc builds a synthetic zone since some BC offsets upset TimeZone. */
    private static Calendar offsetCalendar(ZoneOffset offset) {
        String id = offset.getTotalSeconds() == 0 ? "UTC" : "GMT".concat(offset.getId());
        return new GregorianCalendar(new SimpleTimeZone(offset.getTotalSeconds() * 1000, id));
    }

    private static boolean isSimpleTimeZone(String id) {
        return id.startsWith("GMT") || id.startsWith("UTC");
    }

    private static Date convertToDate(long millis, TimeZone zone) {
        if (millis <= DATE_NEGATIVE_INFINITY || millis >= DATE_POSITIVE_INFINITY) {
            return new Date(millis);
        }
        if (isSimpleTimeZone(zone.getID())) {
            int offset = zone.getRawOffset();
            return new Date(Math.floorDiv(millis + offset, ONE_DAY) * ONE_DAY - offset);
        }
        Calendar cal = new GregorianCalendar(zone);
        cal.setTimeInMillis(millis);
        cal.set(Calendar.HOUR_OF_DAY, 0);
        cal.set(Calendar.MINUTE, 0);
        cal.set(Calendar.SECOND, 0);
        cal.set(Calendar.MILLISECOND, 0);
        return new Date(cal.getTimeInMillis());
    }

    private static Time convertToTime(long millis, TimeZone zone) {
        if (isSimpleTimeZone(zone.getID())) {
            int offset = zone.getRawOffset();
            return new Time(Math.floorMod(millis + offset, (long) ONE_DAY) - offset);
        }
        Calendar cal = new GregorianCalendar(zone);
        cal.setTimeInMillis(millis);
        cal.set(Calendar.ERA, GregorianCalendar.AD);
        cal.set(Calendar.YEAR, 1970);
        cal.set(Calendar.MONTH, 0);
        cal.set(Calendar.DAY_OF_MONTH, 1);
        return new Time(cal.getTimeInMillis());
    }

    /** The fields of a date, time or timestamp as PostgreSQL printed them. */
    private static final class Parsed {
        boolean hasDate;
        int era = GregorianCalendar.AD;
        int year = 1970;
        int month = 1;
        int day = 1;
        boolean hasTime;
        int hour;
        int minute;
        int second;
        int nanos;
        boolean hasOffset;
        ZoneOffset offset = ZoneOffset.UTC;
    }

    /** pgjdbc's {@code parseBackendTimestamp}: [yyyy-mm-dd] [hh:mm:ss[.f]] [±hh[:mm[:ss]]] [AD|BC]. */
    private static Parsed parse(byte[] s) throws SQLException {
        int slen = s.length;
        Parsed result = new Parsed();
        try {
            int start = skipWhitespace(s, 0);
            int end = firstNonDigit(s, start);
            byte sep;
            if (end < slen && s[end] == '-') {
                result.hasDate = true;
                result.year = number(s, start, end);
                start = end + 1;
                end = firstNonDigit(s, start);
                result.month = number(s, start, end);
                if (end < slen && s[end] != '-') {
                    throw new NumberFormatException("Expected date to be dash-separated");
                }
                start = end + 1;
                end = firstNonDigit(s, start);
                result.day = number(s, start, end);
                start = skipWhitespace(s, end);
            }
            if (start < slen && Character.isDigit(s[start])) {
                result.hasTime = true;
                end = firstNonDigit(s, start);
                result.hour = number(s, start, end);
                if (end < slen && s[end] != ':') {
                    throw new NumberFormatException("Expected time to be colon-separated");
                }
                start = end + 1;
                end = firstNonDigit(s, start);
                result.minute = number(s, start, end);
                if (end < slen && s[end] != ':') {
                    throw new NumberFormatException("Expected time to be colon-separated");
                }
                start = end + 1;
                end = firstNonDigit(s, start);
                result.second = number(s, start, end);
                start = end;
                if (start < slen && s[start] == '.') {
                    end = firstNonDigit(s, start + 1);
                    int num = number(s, start + 1, end);
                    for (int digits = end - (start + 1); digits < 9; digits++) {
                        num *= 10;
                    }
                    result.nanos = num;
                    start = end;
                }
                start = skipWhitespace(s, start);
            }
            sep = start < slen ? s[start] : 0;
            if (sep == '-' || sep == '+') {
                result.hasOffset = true;
                int sign = sep == '-' ? -1 : 1;
                end = firstNonDigit(s, start + 1);
                int hours = number(s, start + 1, end);
                start = end;
                int minutes = 0;
                if (start < slen && s[start] == ':') {
                    end = firstNonDigit(s, start + 1);
                    minutes = number(s, start + 1, end);
                    start = end;
                }
                int seconds = 0;
                if (start < slen && s[start] == ':') {
                    end = firstNonDigit(s, start + 1);
                    seconds = number(s, start + 1, end);
                    start = end;
                }
                result.offset = ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
                start = skipWhitespace(s, start);
            }
            if (result.hasDate && start < slen && slen - start >= 2) {
                if (s[start] == 'A' && s[start + 1] == 'D') {
                    result.era = GregorianCalendar.AD;
                    start += 2;
                } else if (s[start] == 'B' && s[start + 1] == 'C') {
                    result.era = GregorianCalendar.BC;
                    start += 2;
                }
            }
            if (start < slen) {
                throw new NumberFormatException("Trailing junk on timestamp");
            }
            if (!result.hasTime && !result.hasDate) {
                throw new NumberFormatException("Timestamp has neither date nor time");
            }
        } catch (NumberFormatException | DateTimeException e) {
            throw badValue(new String(s, StandardCharsets.UTF_8), e);
        }
        return result;
    }

    /**
     * pgjdbc's {@code parseDate} for text of at most 13 bytes: year-month-day[ BC], digits taken as they come.
     * pgjdbc runs off the end of a value without two dashes; that is reported as a bad value here.
     */
    private static Parsed parseDate(byte[] s, String text) throws SQLException {
        Parsed result = new Parsed();
        int length = s.length;
        try {
            if (length >= 2 && s[length - 2] == 'B' && s[length - 1] == 'C') {
                length -= 3;
                result.era = GregorianCalendar.BC;
            }
            int i = 0;
            for (result.year = 0; s[i] != '-'; i++) {
                result.year = result.year * 10 + (s[i] - '0');
            }
            i++;
            for (result.month = 0; s[i] != '-'; i++) {
                result.month = result.month * 10 + (s[i] - '0');
            }
            i++;
            for (result.day = 0; i < length; i++) {
                result.day = result.day * 10 + (s[i] - '0');
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw badValue(text, e);
        }
        return result;
    }

    private static int skipWhitespace(byte[] s, int start) {
        for (int i = start; i < s.length; i++) {
            if (!Character.isWhitespace(s[i])) {
                return i;
            }
        }
        return s.length;
    }

    private static int firstNonDigit(byte[] s, int start) {
        for (int i = start; i < s.length; i++) {
            if (!Character.isDigit(s[i])) {
                return i;
            }
        }
        return s.length;
    }

    private static int number(byte[] s, int start, int end) {
        if (start >= end) {
            throw new NumberFormatException();
        }
        int n = 0;
        for (int i = start; i < end; i++) {
            n = 10 * n + (s[i] - '0');
        }
        return n;
    }

    private static SQLException badValue(String text, Exception cause) {
        return new SQLException(BAD_VALUE + text, BAD_DATETIME_FORMAT, cause);
    }
}
