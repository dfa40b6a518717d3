package io.writethrough.sql;

/**
 * The text handed to JSqlParser: the statement's structure without the parts the analysis never looks at. Only the
 * analysis reads it; the SQL that runs is always the application's own text.
 *
 * <ul>
 *   <li>String literals become {@code ''} (and an adjacent continuation literal disappears): JSqlParser 5.4 cannot
 *       read {@code E'\''} or {@code $tag$...$tag$}, and a 10 MB literal should not reach the parser.</li>
 *   <li>Comments become a space.</li>
 *   <li>{@code U&"..."} identifiers become plain quoted identifiers; {@code ??} (JDBC for the {@code ?} operator)
 *       becomes {@code =}.</li>
 *   <li>The lists of {@code IN (...)}, {@code VALUES (...), (...)} and {@code ARRAY[...]} shrink to their first
 *       element: JSqlParser needs about a second for 100,000 elements, and the elements never matter here.</li>
 * </ul>
 */
final class ParserInput {

    private final Tokens tokens;
    private final int maxChars;
    private final StringBuilder out;
    private int previousEnd = -1;
    private boolean gap;
    private boolean previousWasString;

    private ParserInput(Tokens tokens, int maxChars, int capacity) {
        this.tokens = tokens;
        this.maxChars = maxChars;
        this.out = new StringBuilder(capacity);
    }

    /** The parser input for tokens {@code [from, to]}, or null when it would exceed {@code maxChars}. */
    static String of(Tokens tokens, int from, int to, int maxChars) {
        int span = tokens.end(to) - tokens.start(from);
        ParserInput input = new ParserInput(tokens, maxChars, Math.min(span, maxChars) + 16);
        input.emit(from, to);
        return input.out.length() > maxChars ? null : input.out.toString();
    }

    /** Emits tokens {@code [from, to]}; recursion through nested lists is bounded by the nesting limit checked before. */
    private void emit(int from, int to) {
        int i = from;
        while (i <= to && out.length() <= maxChars) {
            TokenKind kind = tokens.kind(i);
            if (kind.isComment()) {
                gap = true;
                i++;
                continue;
            }
            int collapsedEnd = collapsedList(i, to);
            if (collapsedEnd >= 0) {
                i = collapsedEnd + 1;
                continue;
            }
            emitToken(i);
            i++;
        }
    }

    private void emitToken(int i) {
        TokenKind kind = tokens.kind(i);
        boolean string = kind.isString();
        if (string && previousWasString) {
            previousEnd = tokens.end(i);
            return;
        }
        if (previousEnd >= 0 && (gap || tokens.start(i) > previousEnd)) {
            out.append(' ');
        }
        gap = false;
        previousWasString = string;
        previousEnd = tokens.end(i);
        if (string) {
            out.append("''");
        } else if (kind == TokenKind.UNICODE_IDENTIFIER) {
            String name = tokens.identifierName(i);
            out.append(name == null ? tokens.text(i) : Identifiers.quote(name));
        } else if (kind == TokenKind.OPERATOR && tokens.sql.startsWith("??", tokens.start(i))) {
            out.append('=');
        } else {
            out.append(tokens.sql, tokens.start(i), tokens.end(i));
        }
    }

    /**
     * Emits {@code IN (a, ...)}, {@code ARRAY[a, ...]} or {@code VALUES (a), ...} starting at token {@code i} as its
     * first element only and returns the index of the list's last token; returns -1 when {@code i} starts no list.
     */
    private int collapsedList(int i, int to) {
        if (tokens.kind(i) != TokenKind.WORD) {
            return -1;
        }
        boolean values = tokens.isWord(i, "VALUES");
        if (!values && !tokens.isWord(i, "IN") && !tokens.isWord(i, "ARRAY")) {
            return -1;
        }
        int open = tokens.nextSignificant(i, to + 1);
        boolean array = tokens.isWord(i, "ARRAY");
        TokenKind opener = array ? TokenKind.LEFT_BRACKET : TokenKind.LEFT_PAREN;
        if (open < 0 || tokens.kind(open) != opener) {
            return -1;
        }
        int close = tokens.closing(open, to + 1);
        if (close < 0) {
            return -1;
        }
        if (values) {
            int lastRow = close;
            int comma = tokens.nextSignificant(lastRow, to + 1);
            while (comma >= 0 && tokens.kind(comma) == TokenKind.COMMA) {
                int row = tokens.nextSignificant(comma, to + 1);
                int rowClose = row >= 0 && tokens.kind(row) == TokenKind.LEFT_PAREN ? tokens.closing(row, to + 1) : -1;
                if (rowClose < 0) {
                    break;
                }
                lastRow = rowClose;
                comma = tokens.nextSignificant(lastRow, to + 1);
            }
            if (lastRow == close) {
                return -1;
            }
            emitToken(i);
            emit(i + 1, close);
            return lastRow;
        }
        int firstComma = -1;
        for (int j = open + 1; j < close; j++) {
            if (tokens.kind(j) == TokenKind.COMMA && tokens.depth(j) == tokens.depth(open) + 1) {
                firstComma = j;
                break;
            }
        }
        if (firstComma < 0) {
            return -1;
        }
        emitToken(i);
        emitToken(open);
        emit(open + 1, tokens.previousSignificant(firstComma, open));
        emitToken(close);
        return close;
    }
}
