package io.writethrough.sql;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every token of a SQL text (comments included) with its position and parenthesis depth, plus the nesting figures
 * used to refuse input that would make the SQL parser slow or overflow its stack.
 */
final class Tokens {

    final String sql;
    private TokenKind[] kinds;
    private int[] starts;
    private int[] ends;
    private int[] depths;
    private int size;
    /** The deepest nesting of parentheses, brackets and CASE expressions. */
    private int maxNesting;
    /** The most identifiers chained by dots, e.g. 3 for {@code a.b.c}. */
    private int longestDottedName;
    /** A string, quoted identifier or comment runs to the end of the text. */
    private boolean unterminated;
    /** A character PostgreSQL rejects outside literals, or a {@code U&"..."} identifier with invalid escapes. */
    private boolean malformed;

    private Tokens(String sql, int capacity) {
        this.sql = sql;
        kinds = new TokenKind[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        depths = new int[capacity];
    }

    /** Tokenizes {@code sql}, or returns null when it has more than {@code maxTokens} tokens. */
    static Tokens of(String sql, int maxTokens) {
        Tokens tokens = new Tokens(sql, Math.min(16 + sql.length() / 8, 4096));
        SqlLexer lexer = new SqlLexer(sql);
        int depth = 0;
        int caseDepth = 0;
        int dotted = 0;
        int lastSignificant = -1;
        for (TokenKind kind = lexer.next(); kind != TokenKind.EOF; kind = lexer.next()) {
            if (tokens.size == maxTokens) {
                return null;
            }
            if (kind == TokenKind.RIGHT_PAREN || kind == TokenKind.RIGHT_BRACKET) {
                depth--;
            }
            int index = tokens.add(kind, lexer.start, lexer.end, depth);
            if (kind == TokenKind.LEFT_PAREN || kind == TokenKind.LEFT_BRACKET) {
                depth++;
            }
            if (kind.isComment()) {
                continue;
            }
            if (kind == TokenKind.OTHER) {
                // Braces belong to JDBC escapes ({fn now()}), which pgjdbc rewrites before PostgreSQL sees them.
                char c = sql.charAt(lexer.start);
                tokens.malformed |= c != '{' && c != '}';
            } else if (kind == TokenKind.UNICODE_IDENTIFIER) {
                tokens.malformed |= tokens.identifierName(index) == null;
            }
            if (kind == TokenKind.WORD) {
                if (tokens.isWord(index, "CASE")) {
                    caseDepth++;
                } else if (caseDepth > 0 && tokens.isWord(index, "END")) {
                    caseDepth--;
                }
            }
            if (kind.isIdentifier()) {
                boolean continues = lastSignificant >= 0 && tokens.kinds[lastSignificant] == TokenKind.DOT;
                dotted = continues ? dotted + 1 : 1;
                tokens.longestDottedName = Math.max(tokens.longestDottedName, dotted);
            } else if (kind != TokenKind.DOT) {
                dotted = 0;
            }
            tokens.maxNesting = Math.max(tokens.maxNesting, Math.max(depth, caseDepth));
            lastSignificant = index;
        }
        tokens.unterminated = lexer.unterminated;
        return tokens;
    }

    private int add(TokenKind kind, int start, int end, int depth) {
        if (size == kinds.length) {
            int capacity = kinds.length * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            depths = Arrays.copyOf(depths, capacity);
        }
        kinds[size] = kind;
        starts[size] = start;
        ends[size] = end;
        depths[size] = depth;
        return size++;
    }

    int size() {
        return size;
    }

    TokenKind kind(int i) {
        return kinds[i];
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** The number of unclosed parentheses and brackets before the token; a closing one has its opener's depth. */
    int depth(int i) {
        return depths[i];
    }

    int maxNesting() {
        return maxNesting;
    }

    int longestDottedName() {
        return longestDottedName;
    }

    /** True when a string, quoted identifier or block comment is not closed before the end of the text. */
    boolean unterminated() {
        return unterminated;
    }

    /**
     * True when the text has a character PostgreSQL rejects outside literals (such as a lone backslash
     * or dollar sign) or a {@code U&"..."} identifier with invalid escapes.
     */
    boolean malformed() {
        return malformed;
    }

    boolean isSignificant(int i) {
        return !kinds[i].isComment();
    }

    /** The next token after {@code i} that is not a comment, below {@code limit}; -1 if none. */
    int nextSignificant(int i, int limit) {
        for (int j = i + 1; j < limit; j++) {
            if (!kinds[j].isComment()) {
                return j;
            }
        }
        return -1;
    }

    /** The first token at or after {@code i} that is not a comment, below {@code limit}; -1 if none. */
    int firstSignificant(int i, int limit) {
        return nextSignificant(i - 1, limit);
    }

    /** The closest token before {@code i} that is not a comment, at or above {@code floor}; -1 if none. */
    int previousSignificant(int i, int floor) {
        for (int j = i - 1; j >= floor; j--) {
            if (!kinds[j].isComment()) {
                return j;
            }
        }
        return -1;
    }

    /** True when token {@code i} is the unquoted word {@code upperCaseWord}, in any case. */
    boolean isWord(int i, String upperCaseWord) {
        return i >= 0 && kinds[i] == TokenKind.WORD && ends[i] - starts[i] == upperCaseWord.length()
                && sql.regionMatches(true, starts[i], upperCaseWord, 0, upperCaseWord.length());
    }

    boolean isOperator(int i, String operator) {
        return i >= 0 && kinds[i] == TokenKind.OPERATOR && ends[i] - starts[i] == operator.length()
                && sql.startsWith(operator, starts[i]);
    }

    String text(int i) {
        return sql.substring(starts[i], ends[i]);
    }

    /** The upper-case text of a word token, or null for any other token. */
    String upperWord(int i) {
        return i >= 0 && kinds[i] == TokenKind.WORD ? text(i).toUpperCase(Locale.ROOT) : null;
    }

    /** The stored name of an identifier token, or null when it is no identifier or cannot be decoded. */
    String identifierName(int i) {
        return Identifiers.name(sql, kinds[i], starts[i], ends[i]);
    }

    /** The index of the parenthesis or bracket closing the one at {@code open}, or -1 when it is never closed. */
    int closing(int open, int limit) {
        int depth = depths[open];
        for (int j = open + 1; j < limit; j++) {
            if ((kinds[j] == TokenKind.RIGHT_PAREN || kinds[j] == TokenKind.RIGHT_BRACKET) && depths[j] == depth) {
                return j;
            }
        }
        return -1;
    }
}
