package io.writethrough.sql;

import java.util.List;

/**
 * A statement that begins, ends or marks a transaction ({@code BEGIN}, {@code COMMIT}, {@code SAVEPOINT s}, ...).
 * It writes no row, but the driver must keep its record of what the transaction wrote to Redis in step with it.
 *
 * @param kind      what the statement does
 * @param savepoint the savepoint's name as PostgreSQL stores it, for the savepoint kinds; else null
 */
public record TransactionControl(Kind kind, String savepoint) implements Analysis {

    /** What a transaction-control statement does. */
    public enum Kind {
        /** {@code BEGIN}, {@code START TRANSACTION}. */
        BEGIN,
        /** {@code COMMIT}, {@code END}. */
        COMMIT,
        /** {@code ROLLBACK}, {@code ABORT}. */
        ROLLBACK,
        /** {@code SAVEPOINT s}. */
        SAVEPOINT,
        /** {@code ROLLBACK TO [SAVEPOINT] s}. */
        ROLLBACK_TO_SAVEPOINT,
        /** {@code RELEASE [SAVEPOINT] s}. */
        RELEASE_SAVEPOINT,
        /**
         * Two-phase commit ({@code PREPARE TRANSACTION}, {@code COMMIT PREPARED}, {@code ROLLBACK PREPARED}),
         * chained transactions ({@code AND CHAIN}), or transaction control inside a multi-statement string:
         * forms whose effect on the transaction the driver does not follow.
         */
        UNFOLLOWED
    }

    /** The transaction-control statement {@code sql} is, or null when it is none. */
    static TransactionControl of(String sql) {
        if (!mayStartWithControlWord(sql)) {
            return null;
        }
        Tokens tokens = Tokens.of(sql, 64);
        if (tokens == null) {
            return null;
        }
        List<int[]> pieces = StatementPieces.split(tokens);
        TransactionControl found = null;
        for (int[] piece : pieces) {
            TransactionControl control = classify(tokens, piece[0], piece[1]);
            if (control != null && pieces.size() > 1) {
                return new TransactionControl(Kind.UNFOLLOWED, null);
            }
            found = control;
        }
        return found;
    }

    private static TransactionControl classify(Tokens tokens, int from, int to) {
        int first = tokens.firstSignificant(from, to);
        String word = tokens.upperWord(first);
        if (word == null) {
            return null;
        }
        int next = tokens.nextSignificant(first, to);
        switch (word) {
            case "BEGIN":
                return new TransactionControl(Kind.BEGIN, null);
            case "START":
                return tokens.isWord(next, "TRANSACTION") ? new TransactionControl(Kind.BEGIN, null) : null;
            case "COMMIT", "END":
                return ending(tokens, next, to, Kind.COMMIT);
            case "ABORT":
                return ending(tokens, next, to, Kind.ROLLBACK);
            case "ROLLBACK": {
                int at = skipWorkOrTransaction(tokens, next, to);
                if (tokens.isWord(at, "TO")) {
                    return savepoint(tokens, tokens.nextSignificant(at, to), to, Kind.ROLLBACK_TO_SAVEPOINT);
                }
                return ending(tokens, next, to, Kind.ROLLBACK);
            }
            case "SAVEPOINT":
                return named(tokens, next, Kind.SAVEPOINT);
            case "RELEASE":
                return savepoint(tokens, next, to, Kind.RELEASE_SAVEPOINT);
            case "PREPARE":
                return tokens.isWord(next, "TRANSACTION") ? new TransactionControl(Kind.UNFOLLOWED, null) : null;
            default:
                return null;
        }
    }

    /** COMMIT/ROLLBACK [WORK | TRANSACTION] [AND [NO] CHAIN], or ... PREPARED 'id'. */
    private static TransactionControl ending(Tokens tokens, int next, int to, Kind kind) {
        if (tokens.isWord(next, "PREPARED")) {
            return new TransactionControl(Kind.UNFOLLOWED, null);
        }
        int at = skipWorkOrTransaction(tokens, next, to);
        if (tokens.isWord(at, "AND")) {
            int chain = tokens.nextSignificant(at, to);
            boolean no = tokens.isWord(chain, "NO");
            return no ? new TransactionControl(kind, null) : new TransactionControl(Kind.UNFOLLOWED, null);
        }
        return new TransactionControl(kind, null);
    }

    private static int skipWorkOrTransaction(Tokens tokens, int at, int to) {
        return tokens.isWord(at, "WORK") || tokens.isWord(at, "TRANSACTION") ? tokens.nextSignificant(at, to) : at;
    }

    /** [SAVEPOINT] name. */
    private static TransactionControl savepoint(Tokens tokens, int at, int to, Kind kind) {
        return named(tokens, tokens.isWord(at, "SAVEPOINT") ? tokens.nextSignificant(at, to) : at, kind);
    }

    private static TransactionControl named(Tokens tokens, int at, Kind kind) {
        String name = at < 0 || !tokens.kind(at).isIdentifier() ? null : tokens.identifierName(at);
        return name == null ? new TransactionControl(Kind.UNFOLLOWED, null) : new TransactionControl(kind, name);
    }

    /** A cheap look at the first character: only these can start a transaction-control statement. */
    private static boolean mayStartWithControlWord(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            switch (Character.toUpperCase(c)) {
                case 'B', 'S', 'C', 'E', 'R', 'A', 'P', '/', '-':
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }
}
