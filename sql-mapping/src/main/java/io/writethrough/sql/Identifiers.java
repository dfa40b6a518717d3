package io.writethrough.sql;

import java.nio.charset.StandardCharsets;

/** PostgreSQL identifier rules: case folding, quoting, Unicode escapes and the 63-byte name limit. */
final class Identifiers {

    /** NAMEDATALEN - 1: PostgreSQL silently truncates longer identifiers, so a long name can still reach a mapped table. */
    static final int MAX_NAME_BYTES = 63;

    private Identifiers() {
    }

    /** An unquoted identifier as PostgreSQL stores it: ASCII letters folded to lower case (UTF-8 databases fold nothing else). */
    static String foldUnquoted(String sql, int from, int to) {
        StringBuilder folded = null;
        for (int i = from; i < to; i++) {
            char c = sql.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) {
                    folded = new StringBuilder(to - from).append(sql, from, i);
                }
                folded.append((char) (c + ('a' - 'A')));
            } else if (folded != null) {
                folded.append(c);
            }
        }
        return truncate(folded == null ? sql.substring(from, to) : folded.toString());
    }

    /** The name inside a double-quoted identifier spanning {@code [from, to)}; a missing closing quote is tolerated. */
    static String unquote(String sql, int from, int to) {
        int end = to;
        if (end - from >= 2 && sql.charAt(end - 1) == '"') {
            end--;
        }
        String body = sql.substring(from + 1, end);
        return truncate(body.indexOf('"') < 0 ? body : body.replace("\"\"", "\""));
    }

    /**
     * Decodes the body of a {@code U&"..."} identifier with the given escape character, or returns null when the
     * escapes are invalid.
     */
    private static String decodeUnicode(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
                continue;
            }
            int digits = i + 1 < body.length() && body.charAt(i + 1) == '+' ? 6 : 4;
            int start = digits == 6 ? i + 2 : i + 1;
            if (start + digits > body.length()) {
                return null;
            }
            int codePoint;
            try {
                codePoint = Integer.parseInt(body.substring(start, start + digits), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (codePoint == 0 || !Character.isValidCodePoint(codePoint)) {
                return null;
            }
            out.appendCodePoint(codePoint);
            i = start + digits;
        }
        return truncate(out.toString());
    }

    /**
     * The name a {@code U&"..." [UESCAPE 'c']} token spanning {@code [from, to)} stands for, or null when it cannot be
     * decoded (PostgreSQL would reject it).
     */
    static String unicodeIdentifierName(String sql, int from, int to) {
        int i = from + 3;
        int close = -1;
        while (i < to) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < to && sql.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                close = i;
                break;
            }
            i++;
        }
        if (close < 0) {
            return null;
        }
        char escape = '\\';
        if (close + 1 < to) {
            if (to - close < 4 || sql.charAt(to - 1) != '\'' || sql.charAt(to - 3) != '\'') {
                return null;
            }
            escape = sql.charAt(to - 2);
            if (Character.digit(escape, 16) >= 0 || "+'\" \t\r\n".indexOf(escape) >= 0) {
                return null;
            }
        }
        return decodeUnicode(sql.substring(from + 3, close).replace("\"\"", "\""), escape);
    }

    /**
     * The name an identifier token of the given kind stands for, as PostgreSQL stores it; null when it is not an
     * identifier or cannot be decoded.
     */
    static String name(String sql, TokenKind kind, int from, int to) {
        switch (kind) {
            case WORD:
                return foldUnquoted(sql, from, to);
            case QUOTED_IDENTIFIER:
                return unquote(sql, from, to);
            case UNICODE_IDENTIFIER:
                return unicodeIdentifierName(sql, from, to);
            default:
                return null;
        }
    }

    /** Folds a name as JSqlParser reports it (quotes kept) the way PostgreSQL would. */
    static String foldWritten(String written) {
        if (written == null) {
            return null;
        }
        if (written.length() >= 2 && written.charAt(0) == '"') {
            return unquote(written, 0, written.length());
        }
        return foldUnquoted(written, 0, written.length());
    }

    /** A double-quoted identifier that names exactly {@code name}. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Cuts a name to PostgreSQL's 63-byte limit without splitting a character. */
    static String truncate(String name) {
        if (name.length() <= MAX_NAME_BYTES / 4) {
            return name;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_NAME_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return name.substring(0, i);
    }
}
