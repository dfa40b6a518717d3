package io.writethrough.sql;

import io.writethrough.mapping.TableName;

import java.util.ArrayList;
import java.util.List;

/**
 * The start of a data-modifying statement found in the token stream — {@code INSERT INTO t}, {@code UPDATE t},
 * {@code DELETE FROM t}, {@code MERGE INTO t} — with the table it writes, as written and as PostgreSQL folds it.
 * Found anywhere in a statement, heads reveal data-modifying CTEs and {@code COPY (DELETE ...)} without a parser.
 *
 * @param kind        which statement
 * @param head        token index of the key word
 * @param targetFirst token index of the table name's first part, or -1 when no table name follows
 * @param targetLast  token index of the table name's last part
 * @param only        {@code ONLY} precedes the table
 * @param star        {@code *} follows the table (all descendants, the old spelling)
 * @param alias       token index of the alias, or -1
 * @param table       the table as written, folded; null when there is no readable name
 * @param targetText  the table as written, its tokens joined without spaces or comments ({@code sales.orders})
 */
record DmlHead(Kind kind, int head, int targetFirst, int targetLast, boolean only, boolean star, int alias,
               TableName table, String targetText) {

    enum Kind { INSERT, UPDATE, DELETE, MERGE }

    /** The table reference as the statement refers to its rows: the alias if any, else the table as written. */
    String qualifier(Tokens tokens) {
        return alias >= 0 ? QualifiedName.written(tokens, alias) : targetText;
    }

    /** The token after the table reference (and its alias), or -1. */
    int after(Tokens tokens, int limit) {
        int last = alias >= 0 ? alias : targetLast;
        if (last < 0) {
            return -1;
        }
        int next = tokens.nextSignificant(last, limit);
        if (alias < 0 && star) {
            next = tokens.nextSignificant(next, limit);
        }
        return next;
    }

    /** Every head in tokens {@code [from, to)}. */
    static List<DmlHead> findAll(Tokens tokens, int from, int to) {
        List<DmlHead> heads = new ArrayList<>(2);
        int previous = -1;
        for (int i = tokens.firstSignificant(from, to); i >= 0; i = tokens.nextSignificant(i, to)) {
            DmlHead head = at(tokens, i, previous, to);
            if (head != null) {
                heads.add(head);
            }
            previous = i;
        }
        return heads;
    }

    /** The head starting at token {@code i}, or null; {@code previous} is the significant token before it or -1. */
    static DmlHead at(Tokens tokens, int i, int previous, int to) {
        if (tokens.kind(i) != TokenKind.WORD) {
            return null;
        }
        int next = tokens.nextSignificant(i, to);
        Kind kind;
        int target;
        if (tokens.isWord(i, "INSERT") && tokens.isWord(next, "INTO")) {
            kind = Kind.INSERT;
            target = tokens.nextSignificant(next, to);
        } else if (tokens.isWord(i, "DELETE") && tokens.isWord(next, "FROM")) {
            kind = Kind.DELETE;
            target = tokens.nextSignificant(next, to);
        } else if (tokens.isWord(i, "MERGE") && tokens.isWord(next, "INTO")) {
            kind = Kind.MERGE;
            target = tokens.nextSignificant(next, to);
        } else if (tokens.isWord(i, "UPDATE") && next >= 0 && tokens.kind(next).isIdentifier()
                && updateMayStartStatementAfter(tokens, previous)) {
            kind = Kind.UPDATE;
            target = next;
        } else {
            return null;
        }
        return withTarget(tokens, kind, i, target, to);
    }

    private static boolean updateMayStartStatementAfter(Tokens tokens, int previous) {
        if (previous < 0) {
            return true;
        }
        if (tokens.kind(previous) == TokenKind.COMMA) {
            return false;
        }
        return tokens.kind(previous) != TokenKind.WORD
                || !Keywords.updateIsNoStatementAfter(tokens.sql, tokens.start(previous), tokens.end(previous));
    }

    private static DmlHead withTarget(Tokens tokens, Kind kind, int head, int first, int to) {
        boolean only = false;
        if (kind != Kind.INSERT && tokens.isWord(first, "ONLY")) {
            int next = tokens.nextSignificant(first, to);
            if (next >= 0 && tokens.kind(next).isIdentifier()) {
                only = true;
                first = next;
            }
        }
        QualifiedName name = QualifiedName.at(tokens, first, to);
        if (name == null) {
            return new DmlHead(kind, head, -1, -1, only, false, -1, null, null);
        }
        int next = tokens.nextSignificant(name.last(), to);
        boolean star = false;
        if (kind != Kind.INSERT && tokens.isOperator(next, "*")) {
            star = true;
            next = tokens.nextSignificant(next, to);
        }
        int alias = alias(tokens, kind, next, to);
        return new DmlHead(kind, head, first, name.last(), only, star, alias, name.table(), name.text());
    }

    private static int alias(Tokens tokens, Kind kind, int next, int to) {
        if (next < 0) {
            return -1;
        }
        if (tokens.isWord(next, "AS")) {
            int alias = tokens.nextSignificant(next, to);
            return alias >= 0 && tokens.kind(alias).isIdentifier() ? alias : -1;
        }
        if (kind == Kind.INSERT || !tokens.kind(next).isIdentifier()) {
            return -1;
        }
        boolean clause = switch (kind) {
            case UPDATE -> tokens.isWord(next, "SET");
            case DELETE -> tokens.isWord(next, "USING") || tokens.isWord(next, "WHERE")
                    || tokens.isWord(next, "RETURNING");
            case MERGE -> tokens.isWord(next, "USING");
            default -> true;
        };
        return clause ? -1 : next;
    }
}
