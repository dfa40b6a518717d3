package io.writethrough.sql;

/** Reads a WITH clause structurally to find the statement it belongs to. */
final class WithClause {

    private WithClause() {
    }

    /**
     * The first token of the statement after a WITH clause, or -1 when the clause cannot be read. Walks the clause
     * structurally, since CTE names such as {@code update} are legal.
     */
    static int statementAfter(Tokens tokens, int with, int to) {
        int i = tokens.nextSignificant(with, to);
        if (tokens.isWord(i, "RECURSIVE")) {
            i = tokens.nextSignificant(i, to);
        }
        while (i >= 0 && tokens.kind(i).isIdentifier()) {
            i = tokens.nextSignificant(i, to);
            if (i >= 0 && tokens.kind(i) == TokenKind.LEFT_PAREN) {
                i = next(tokens, tokens.closing(i, to), to);
            }
            if (!tokens.isWord(i, "AS")) {
                return -1;
            }
            i = tokens.nextSignificant(i, to);
            if (tokens.isWord(i, "NOT")) {
                i = tokens.nextSignificant(i, to);
            }
            if (tokens.isWord(i, "MATERIALIZED")) {
                i = tokens.nextSignificant(i, to);
            }
            if (i < 0 || tokens.kind(i) != TokenKind.LEFT_PAREN) {
                return -1;
            }
            i = next(tokens, tokens.closing(i, to), to);
            while (tokens.isWord(i, "SEARCH") || tokens.isWord(i, "CYCLE")) {
                i = skipSearchOrCycle(tokens, i, to);
            }
            if (i < 0 || tokens.kind(i) != TokenKind.COMMA) {
                return i;
            }
            i = tokens.nextSignificant(i, to);
        }
        return -1;
    }

    /** Skips {@code SEARCH ... SET col} or {@code CYCLE ... SET col [TO v DEFAULT v] USING col}. */
    private static int skipSearchOrCycle(Tokens tokens, int i, int to) {
        boolean cycle = tokens.isWord(i, "CYCLE");
        while (i >= 0 && !tokens.isWord(i, "SET")) {
            i = tokens.nextSignificant(i, to);
        }
        i = next(tokens, tokens.nextSignificant(i, to), to);
        if (!cycle) {
            return i;
        }
        if (tokens.isWord(i, "TO")) {
            while (i >= 0 && !tokens.isWord(i, "USING")) {
                i = tokens.nextSignificant(i, to);
            }
        }
        return tokens.isWord(i, "USING") ? next(tokens, tokens.nextSignificant(i, to), to) : -1;
    }

    private static int next(Tokens tokens, int i, int to) {
        return i < 0 ? -1 : tokens.nextSignificant(i, to);
    }

}
