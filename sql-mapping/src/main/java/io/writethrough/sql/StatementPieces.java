package io.writethrough.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL text into statements where pgjdbc and PostgreSQL do: at semicolons outside parentheses, except inside
 * the {@code BEGIN ATOMIC ... END} body of a {@code CREATE FUNCTION} or {@code CREATE PROCEDURE}.
 */
final class StatementPieces {

    private StatementPieces() {
    }

    /** Token ranges {@code [from, to)} of the statements that have at least one token besides comments. */
    static List<int[]> split(Tokens tokens) {
        List<int[]> pieces = new ArrayList<>(1);
        int start = 0;
        int first = -1;
        boolean create = false;
        int atomicDepth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            TokenKind kind = tokens.kind(i);
            if (kind.isComment()) {
                continue;
            }
            if (kind == TokenKind.SEMICOLON && tokens.depth(i) == 0 && atomicDepth == 0) {
                if (first >= 0) {
                    pieces.add(new int[] {start, i});
                }
                start = i + 1;
                first = -1;
                create = false;
                continue;
            }
            if (first < 0) {
                first = i;
                create = tokens.isWord(i, "CREATE");
            }
            if (!create || kind != TokenKind.WORD) {
                continue;
            }
            if (atomicDepth == 0) {
                if (tokens.isWord(i, "BEGIN") && tokens.isWord(tokens.nextSignificant(i, tokens.size()), "ATOMIC")) {
                    atomicDepth = 1;
                }
            } else if (tokens.isWord(i, "CASE") || tokens.isWord(i, "BEGIN")) {
                atomicDepth++;
            } else if (tokens.isWord(i, "END")) {
                atomicDepth--;
            }
        }
        if (first >= 0) {
            pieces.add(new int[] {start, tokens.size()});
        }
        return pieces;
    }
}
