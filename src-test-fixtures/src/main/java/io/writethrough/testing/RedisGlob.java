package io.writethrough.testing;

/** Redis glob patterns ({@code SCAN MATCH}, {@code KEYS}). */
final class RedisGlob {

    private RedisGlob() {
    }

    /** A pattern matching every key that starts with {@code prefix}, with the prefix's own glob characters escaped. */
    static String startingWith(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 2);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('*').toString();
    }
}
