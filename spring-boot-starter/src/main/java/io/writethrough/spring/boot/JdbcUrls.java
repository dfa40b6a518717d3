package io.writethrough.spring.boot;

/** What the starter needs to know of {@code jdbc:writethrough:} URLs; the driver accepts the prefix in any case. */
final class JdbcUrls {

    static final String PREFIX = "jdbc:writethrough:";

    private JdbcUrls() {
    }

    static boolean isWriteThrough(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
