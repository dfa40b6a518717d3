package io.writethrough.sql;

/**
 * A streaming tokenizer for PostgreSQL SQL as a JDBC application writes it. It allocates nothing per token: after
 * {@link #next()} the token is {@code sql[start, end)} of kind {@link #kind}.
 *
 * <p>It follows PostgreSQL's lexical rules with {@code standard_conforming_strings = on} (the default since 9.1):
 * backslashes escape only inside {@code E'...'}. Comments nest. Unterminated strings, quoted identifiers and comments
 * run to the end of the text. {@code ?} is always a JDBC parameter and {@code ??} an escaped operator, as pgjdbc reads
 * them.
 */
final class SqlLexer {

    private final String sql;
    private final int length;
    private int pos;

    int start;
    int end;
    TokenKind kind = TokenKind.EOF;
    /** Set once a string, quoted identifier or block comment ran to the end of the text without closing. */
    boolean unterminated;

    SqlLexer(String sql) {
        this(sql, 0, sql.length());
    }

    SqlLexer(String sql, int from, int to) {
        this.sql = sql;
        this.pos = from;
        this.length = to;
    }

    TokenKind next() {
        while (pos < length && isWhitespace(sql.charAt(pos))) {
            pos++;
        }
        start = pos;
        if (pos >= length) {
            end = length;
            return kind = TokenKind.EOF;
        }
        char c = sql.charAt(pos);
        char n = pos + 1 < length ? sql.charAt(pos + 1) : '\0';
        switch (c) {
            case '-':
                if (n == '-') {
                    return lineComment();
                }
                return operator();
            case '/':
                if (n == '*') {
                    return blockComment();
                }
                return operator();
            case '\'':
                pos = standardString(pos);
                return token(TokenKind.STRING);
            case '"':
                pos = quotedIdentifier(pos);
                return token(TokenKind.QUOTED_IDENTIFIER);
            case '$':
                return dollar(n);
            case '?':
                if (n == '?') {
                    pos += 2;
                    if (pos < length && (sql.charAt(pos) == '|' || sql.charAt(pos) == '&')) {
                        pos++;
                    }
                    return token(TokenKind.OPERATOR);
                }
                pos++;
                return token(TokenKind.PARAMETER);
            case '(':
                return single(TokenKind.LEFT_PAREN);
            case ')':
                return single(TokenKind.RIGHT_PAREN);
            case '[':
                return single(TokenKind.LEFT_BRACKET);
            case ']':
                return single(TokenKind.RIGHT_BRACKET);
            case ',':
                return single(TokenKind.COMMA);
            case ';':
                return single(TokenKind.SEMICOLON);
            case '.':
                if (isDigit(n)) {
                    return number();
                }
                return single(TokenKind.DOT);
            case ':':
                if (n == ':') {
                    pos += 2;
                    return token(TokenKind.DOUBLE_COLON);
                }
                return single(TokenKind.COLON);
            default:
                break;
        }
        if (isDigit(c)) {
            return number();
        }
        if (isIdentifierStart(c)) {
            return wordOrPrefixedLiteral(c, n);
        }
        if (isOperatorChar(c)) {
            return operator();
        }
        return single(TokenKind.OTHER);
    }

    private TokenKind token(TokenKind k) {
        end = pos;
        return kind = k;
    }

    private TokenKind single(TokenKind k) {
        pos++;
        return token(k);
    }

    private TokenKind lineComment() {
        pos += 2;
        while (pos < length && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        return token(TokenKind.LINE_COMMENT);
    }

    private TokenKind blockComment() {
        pos = skipBlockComment(pos);
        return token(TokenKind.BLOCK_COMMENT);
    }

    private int skipBlockComment(int at) {
        int depth = 0;
        int i = at;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && i + 1 < length && sql.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        unterminated = true;
        return length;
    }

    private TokenKind operator() {
        while (pos < length && isOperatorChar(sql.charAt(pos))) {
            if (pos > start && startsComment(pos)) {
                break;
            }
            pos++;
        }
        return token(TokenKind.OPERATOR);
    }

    private boolean startsComment(int at) {
        if (at + 1 >= length) {
            return false;
        }
        char c = sql.charAt(at);
        char n = sql.charAt(at + 1);
        return c == '-' && n == '-' || c == '/' && n == '*';
    }

    private TokenKind dollar(char n) {
        if (isDigit(n)) {
            pos++;
            while (pos < length && isDigit(sql.charAt(pos))) {
                pos++;
            }
            return token(TokenKind.PARAMETER);
        }
        int tagEnd = pos + 1;
        if (n != '$') {
            if (!isDollarTagStart(n)) {
                return single(TokenKind.OTHER);
            }
            tagEnd++;
            while (tagEnd < length && isDollarTagPart(sql.charAt(tagEnd))) {
                tagEnd++;
            }
            if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
                return single(TokenKind.OTHER);
            }
        }
        String delimiter = sql.substring(pos, tagEnd + 1);
        int close = sql.indexOf(delimiter, tagEnd + 1);
        if (close < 0 || close + delimiter.length() > length) {
            unterminated = true;
            pos = length;
        } else {
            pos = close + delimiter.length();
        }
        return token(TokenKind.DOLLAR_STRING);
    }

    private TokenKind number() {
        if (sql.charAt(pos) == '0' && pos + 1 < length && "xXoObB".indexOf(sql.charAt(pos + 1)) >= 0) {
            pos += 2;
            while (pos < length && (isLetterOrDigitAscii(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            return token(TokenKind.NUMBER);
        }
        skipDigits();
        if (pos < length && sql.charAt(pos) == '.' && !(pos + 1 < length && sql.charAt(pos + 1) == '.')) {
            pos++;
            skipDigits();
        }
        if (pos < length && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < length && isDigit(sql.charAt(exponent))) {
                pos = exponent;
                skipDigits();
            }
        }
        return token(TokenKind.NUMBER);
    }

    private void skipDigits() {
        while (pos < length && (isDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
            pos++;
        }
    }

    private TokenKind wordOrPrefixedLiteral(char c, char n) {
        if (n == '\'') {
            if (c == 'e' || c == 'E') {
                pos = extendedString(pos + 1);
                return token(TokenKind.STRING);
            }
            if ("bBxXnN".indexOf(c) >= 0) {
                pos = standardString(pos + 1);
                return token(TokenKind.STRING);
            }
        }
        if ((c == 'u' || c == 'U') && n == '&' && pos + 2 < length) {
            char q = sql.charAt(pos + 2);
            if (q == '\'') {
                pos = skipUescape(standardString(pos + 2));
                return token(TokenKind.STRING);
            }
            if (q == '"') {
                pos = skipUescape(quotedIdentifier(pos + 2));
                return token(TokenKind.UNICODE_IDENTIFIER);
            }
        }
        pos++;
        while (pos < length && isIdentifierPart(sql.charAt(pos))) {
            pos++;
        }
        return token(TokenKind.WORD);
    }

    /** Returns the index after the string that opens at {@code quote}. */
    private int standardString(int quote) {
        int i = quote + 1;
        while (i < length) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < length && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        unterminated = true;
        return length;
    }

    private int extendedString(int quote) {
        int i = quote + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                if (i + 1 < length && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        unterminated = true;
        return length;
    }

    private int quotedIdentifier(int quote) {
        int i = quote + 1;
        while (i < length) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < length && sql.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        unterminated = true;
        return length;
    }

    /** Extends a {@code U&} literal over a following {@code UESCAPE 'c'}, so that the pair is one token. */
    private int skipUescape(int after) {
        int i = skipWhitespaceAndComments(after);
        if (i + 7 > length || !sql.regionMatches(true, i, "UESCAPE", 0, 7)
                || i + 7 < length && isIdentifierPart(sql.charAt(i + 7))) {
            return after;
        }
        i = skipWhitespaceAndComments(i + 7);
        if (i < length && sql.charAt(i) == '\'') {
            return standardString(i);
        }
        return after;
    }

    private int skipWhitespaceAndComments(int from) {
        int i = from;
        while (i < length) {
            char c = sql.charAt(i);
            if (isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(i);
            } else {
                return i;
            }
        }
        return i;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetterOrDigitAscii(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c);
    }

    /** PostgreSQL treats every non-ASCII character as a letter in identifiers. */
    static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDollarTagStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isDollarTagPart(char c) {
        return isDollarTagStart(c) || isDigit(c);
    }

    private static boolean isOperatorChar(char c) {
        switch (c) {
            case '+': case '-': case '*': case '/': case '<': case '>': case '=': case '~': case '!':
            case '@': case '#': case '%': case '^': case '&': case '|': case '`':
                return true;
            default:
                return false;
        }
    }
}
