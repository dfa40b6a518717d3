package io.writethrough.dialect.postgres;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text {@link DateTimeFormatter#ISO_INSTANT} gives an instant ({@code 2026-01-01T09:30:00.25Z}: seconds always,
 * a fraction of 3, 6 or 9 digits when there is one), made here for years 0 to 9999 and by the formatter outside
 * them. The formatter builds a {@code LocalDateTime}, prints it with {@code toString()} and edits the text: for a
 * table with one {@code timestamptz} column that was a fifth of {@code writethrough-cli warm}'s main thread.
 */
final class InstantText {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the epoch. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;

    private InstantText() {
    }

    static String of(OffsetDateTime value) {
        long second = value.toEpochSecond();
        if (second < FIRST_SECOND || second > LAST_SECOND) {
            return DateTimeFormatter.ISO_INSTANT.format(value.toInstant());
        }
        int nano = value.getNano();
        LocalDateTime utc = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);
        int year = utc.getYear();
        char[] text = new char[30];
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, utc.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, utc.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, utc.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getSecond(), 2);
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    /** Writes {@code value} (not negative) as exactly {@code width} decimal digits at {@code at}; returns the end. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
