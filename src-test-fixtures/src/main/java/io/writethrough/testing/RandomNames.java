package io.writethrough.testing;

import java.security.SecureRandom;

/** Random lower-case names that need no quoting in SQL and no escaping in a Redis glob. */
final class RandomNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RandomNames() {
    }

    /** Lower-case letters and digits. */
    static String of(int length) {
        return from(LETTERS_AND_DIGITS, length);
    }

    /** Lower-case letters only. */
    static String letters(int length) {
        return from(LETTERS, length);
    }

    private static String from(char[] alphabet, int length) {
        char[] name = new char[length];
        for (int i = 0; i < length; i++) {
            name[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(name);
    }
}
