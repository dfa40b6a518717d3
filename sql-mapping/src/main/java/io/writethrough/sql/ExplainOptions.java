package io.writethrough.sql;

import java.util.Locale;
import java.util.Set;

/** Whether an EXPLAIN runs its statement: {@code EXPLAIN ANALYZE ...} or {@code EXPLAIN (ANALYZE [true]) ...}. */
final class ExplainOptions {

    private static final Set<String> FALSE = Set.of("false", "off", "no", "0", "f", "n");

    private ExplainOptions() {
    }

    static boolean executes(Tokens tokens, int explain, int to) {
        int i = tokens.nextSignificant(explain, to);
        if (i >= 0 && tokens.kind(i) == TokenKind.LEFT_PAREN) {
            int close = tokens.closing(i, to);
            boolean analyze = false;
            for (int option = close < 0 ? -1 : tokens.nextSignificant(i, close); option >= 0; ) {
                int value = tokens.nextSignificant(option, close);
                if (tokens.isWord(option, "ANALYZE") || tokens.isWord(option, "ANALYSE")) {
                    analyze = value < 0 || tokens.kind(value) == TokenKind.COMMA || !isFalse(tokens, value);
                }
                while (value >= 0 && tokens.kind(value) != TokenKind.COMMA) {
                    value = tokens.nextSignificant(value, close);
                }
                option = value < 0 ? -1 : tokens.nextSignificant(value, close);
            }
            return analyze;
        }
        boolean analyze = false;
        while (tokens.isWord(i, "ANALYZE") || tokens.isWord(i, "ANALYSE") || tokens.isWord(i, "VERBOSE")) {
            analyze |= !tokens.isWord(i, "VERBOSE");
            i = tokens.nextSignificant(i, to);
        }
        return analyze;
    }

    private static boolean isFalse(Tokens tokens, int value) {
        String text = tokens.text(value).toLowerCase(Locale.ROOT);
        if (tokens.kind(value) == TokenKind.STRING && text.length() >= 2) {
            text = text.substring(1, text.length() - 1);
        }
        return FALSE.contains(text);
    }
}
