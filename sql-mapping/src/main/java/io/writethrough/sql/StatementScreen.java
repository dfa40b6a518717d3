package io.writethrough.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The cheap first look at every statement: one pass of the lexer, no parser, no allocation beyond the names it must
 * compare. It answers "cannot write a mapped table" for statements that name no mapped table and for single
 * statements that write no rows; everything else goes to the full analysis.
 *
 * <p>It must never clear a write on a mapped table, so it errs towards "needs analysis": a statement that writes a
 * table names it in an {@code INSERT INTO}, {@code UPDATE}, {@code DELETE FROM}, {@code MERGE INTO}, {@code TRUNCATE}
 * or {@code COPY}, and the words that look like such a statement ("heads") are recognised here by the same rules the
 * analyzer uses. Writes PostgreSQL performs on its own — triggers, rules, functions, updatable views, statements
 * prepared with SQL {@code PREPARE} elsewhere — cannot be seen in the text; see the README.
 */
final class StatementScreen {

    private static final int INSERT = 1;
    private static final int DELETE = 2;
    private static final int MERGE = 3;
    private static final int UPDATE = 4;

    /** Words this long or shorter cannot be cut by the 63-byte limit (3 bytes per char at most), so length filters. */
    private static final int UNTRUNCATED_CHARS = Identifiers.MAX_NAME_BYTES / 3;

    private final Set<String> names;
    private final boolean[] nameLengths = new boolean[UNTRUNCATED_CHARS + 1];

    StatementScreen(Set<String> names) {
        this.names = Set.copyOf(names);
        for (String name : this.names) {
            if (name.length() <= UNTRUNCATED_CHARS) {
                nameLengths[name.length()] = true;
            }
        }
    }

    /** False only when the statement certainly writes no row of a mapped table. */
    boolean mayWriteMappedTable(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        boolean mentions = false;
        boolean head = false;
        boolean multiple = false;
        boolean afterSemicolon = false;
        boolean statementStart = true;
        boolean firstStatement = true;
        boolean writesNoRows = true;
        int pending = 0;
        boolean updateExcluded = false;
        for (TokenKind kind = lexer.next(); kind != TokenKind.EOF; kind = lexer.next()) {
            if (kind.isComment()) {
                continue;
            }
            int start = lexer.start;
            int end = lexer.end;
            if (kind == TokenKind.SEMICOLON) {
                afterSemicolon = true;
                statementStart = true;
                pending = 0;
                updateExcluded = false;
                continue;
            }
            if (afterSemicolon) {
                multiple = true;
                firstStatement = false;
            }
            if (pending != 0) {
                head |= pending == INSERT && Keywords.is(sql, start, end, "INTO")
                        || pending == DELETE && Keywords.is(sql, start, end, "FROM")
                        || pending == MERGE && Keywords.is(sql, start, end, "INTO")
                        || pending == UPDATE && kind.isIdentifier();
                pending = 0;
            }
            if (statementStart) {
                if (kind == TokenKind.WORD && Keywords.is(sql, start, end, "DO")) {
                    // A DO block's body is a string literal the screen does not look into.
                    return true;
                }
                if (firstStatement) {
                    writesNoRows = kind == TokenKind.LEFT_PAREN || kind == TokenKind.WORD
                            && Keywords.WRITES_NO_ROWS.contains(sql.substring(start, end).toUpperCase(Locale.ROOT));
                }
                statementStart = false;
            }
            if (!mentions && kind.isIdentifier()) {
                mentions = namesMappedTable(sql, kind, start, end);
            }
            if (kind == TokenKind.WORD) {
                if (Keywords.is(sql, start, end, "INSERT")) {
                    pending = INSERT;
                } else if (Keywords.is(sql, start, end, "DELETE")) {
                    pending = DELETE;
                } else if (Keywords.is(sql, start, end, "MERGE")) {
                    pending = MERGE;
                } else if (!updateExcluded && Keywords.is(sql, start, end, "UPDATE")) {
                    pending = UPDATE;
                }
                updateExcluded = Keywords.updateIsNoStatementAfter(sql, start, end);
            } else {
                updateExcluded = kind == TokenKind.COMMA;
            }
            if (mentions && (multiple || head || !writesNoRows)) {
                return true;
            }
        }
        return false;
    }

    /** True when the identifier token names a mapped table (or is a Unicode identifier too broken to tell). */
    boolean namesMappedTable(String sql, TokenKind kind, int start, int end) {
        if (kind == TokenKind.WORD && end - start <= UNTRUNCATED_CHARS && !nameLengths[end - start]) {
            return false;
        }
        String name = Identifiers.name(sql, kind, start, end);
        return name == null ? kind == TokenKind.UNICODE_IDENTIFIER : names.contains(name);
    }
}
