package io.writethrough.sql;

/**
 * A single-statement {@code INSERT ... VALUES (...)} that pgjdbc's {@code reWriteBatchedInserts} would send as one
 * multi-row INSERT for several batch rows, and that multi-row text. Immutable.
 *
 * <p>The rule follows pgjdbc's parser: the statement starts with {@code INSERT}, has {@code VALUES} outside
 * parentheses followed by a parenthesised list (consecutive lists {@code (...), (...)} count as one block), no
 * {@code RETURNING} outside parentheses, and every {@code ?} parameter inside that block. The block is repeated,
 * separated by commas, as pgjdbc does; the text around it (an {@code ON CONFLICT} clause, comments) is kept. Texts
 * this class refuses are ones pgjdbc might rewrite and the driver leaves to its ordinary path: {@code $n}
 * parameters, JDBC escapes in braces, several statements.
 */
public final class MultiRowInsert {

    private final String sql;
    /** Where the VALUES block starts (its first parenthesis) and ends (after its last). */
    private final int blockStart;
    private final int blockEnd;
    private final int parameters;

    private MultiRowInsert(String sql, int blockStart, int blockEnd, int parameters) {
        this.sql = sql;
        this.blockStart = blockStart;
        this.blockEnd = blockEnd;
        this.parameters = parameters;
    }

    /** The multi-row form of {@code sql}, or null when pgjdbc would not rewrite it (or the driver leaves it alone). */
    public static MultiRowInsert of(String sql) {
        Tokens tokens = Tokens.of(sql, SqlAnalyzer.MAX_TOKENS);
        if (tokens == null || tokens.unterminated() || tokens.malformed()) {
            return null;
        }
        int size = tokens.size();
        int first = tokens.firstSignificant(0, size);
        if (!tokens.isWord(first, "INSERT")) {
            return null;
        }
        int open = -1;
        int close = -1;
        for (int i = first; i < size; i++) {
            TokenKind kind = tokens.kind(i);
            if (kind == TokenKind.OTHER || kind == TokenKind.PARAMETER && sql.charAt(tokens.start(i)) == '$'
                    || kind == TokenKind.SEMICOLON && tokens.nextSignificant(i, size) >= 0
                    || tokens.depth(i) == 0 && tokens.isWord(i, "RETURNING")) {
                return null;
            }
            if (open < 0 && tokens.depth(i) == 0 && tokens.isWord(i, "VALUES")) {
                open = tokens.nextSignificant(i, size);
                if (open < 0 || tokens.kind(open) != TokenKind.LEFT_PAREN) {
                    return null;
                }
                close = lastRowClose(tokens, open);
                if (close < 0) {
                    return null;
                }
            }
        }
        if (open < 0) {
            return null;
        }
        int parameters = 0;
        for (int i = first; i < size; i++) {
            if (tokens.kind(i) == TokenKind.PARAMETER) {
                if (i < open || i > close) {
                    return null;
                }
                parameters++;
            }
        }
        return new MultiRowInsert(sql, tokens.start(open), tokens.end(close), parameters);
    }

    /** The closing parenthesis of the last of the lists {@code (...), (...), ...} starting at {@code open}, or -1. */
    private static int lastRowClose(Tokens tokens, int open) {
        int close = tokens.closing(open, tokens.size());
        while (close >= 0) {
            int comma = tokens.nextSignificant(close, tokens.size());
            int next = comma >= 0 && tokens.kind(comma) == TokenKind.COMMA ? tokens.nextSignificant(comma, tokens.size()) : -1;
            if (next < 0 || tokens.kind(next) != TokenKind.LEFT_PAREN) {
                return close;
            }
            close = tokens.closing(next, tokens.size());
        }
        return -1;
    }

    /** The {@code ?} parameters of one batch row. */
    public int parameters() {
        return parameters;
    }

    /** The statement as it is, for one row. */
    public String sql() {
        return sql;
    }

    /** The statement with its VALUES block repeated for {@code rows} batch rows, parameters in row order. */
    public String sql(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1; got " + rows);
        }
        int block = blockEnd - blockStart;
        StringBuilder out = new StringBuilder(sql.length() + (block + 1) * (rows - 1));
        out.append(sql, 0, blockEnd);
        for (int i = 1; i < rows; i++) {
            out.append(',').append(sql, blockStart, blockEnd);
        }
        return out.append(sql, blockEnd, sql.length()).toString();
    }
}
