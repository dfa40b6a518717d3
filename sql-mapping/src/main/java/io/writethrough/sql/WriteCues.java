package io.writethrough.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What in a statement's text could make PostgreSQL write rows the statement itself does not return: the names it
 * calls as functions or procedures ({@code f(...)}, {@code CALL p(...)}) and the tables it writes (whose triggers and
 * foreign-key actions may write others). Catalog-free: whether a name is a function that can write, or a table from
 * which a write reaches a mapped table, is the database's to say (the driver asks its catalog once per database).
 * Immutable.
 *
 * @param functions every name written directly before {@code (}, as PostgreSQL folds it: function and procedure
 *     calls, and some words that are not (key words, a column list's table); only the last part of a dotted name;
 *     {@code *} (any) for a {@code DO} block and an SQL {@code EXECUTE}
 * @param writtenTables the names (last part, folded) of the tables the statement's INSERT, UPDATE, DELETE and MERGE
 *     heads write
 * @param changesCatalog the statement starts with CREATE, ALTER, DROP or COMMENT (it may change functions, triggers
 *     or foreign keys)
 * @param call the statement is a {@code CALL}: the procedure may commit or roll back by itself when it runs outside a
 *     transaction block
 */
public record WriteCues(Set<String> functions, Set<String> writtenTables, boolean changesCatalog, boolean call) {

    /** A statement with no call, no write and no DDL. */
    public static final WriteCues NONE = new WriteCues(Set.of(), Set.of(), false, false);

    private static final Set<String> CATALOG_CHANGES = Set.of("CREATE", "ALTER", "DROP", "COMMENT");

    public WriteCues {
        functions = Set.copyOf(functions);
        writtenTables = Set.copyOf(writtenTables);
    }

    /** The cues of a SQL text as a JDBC application sends it (one or several statements); never throws. */
    public static WriteCues of(String sql) {
        Tokens tokens = Tokens.of(sql, SqlAnalyzer.MAX_TOKENS);
        if (tokens == null) {
            // Too large to look at: as if it called everything; the driver then compares the counters.
            return new WriteCues(Set.of("*"), Set.of("*"), true, false);
        }
        Set<String> functions = new HashSet<>();
        int previous = -1;
        for (int i = tokens.firstSignificant(0, tokens.size()); i >= 0; i = tokens.nextSignificant(i, tokens.size())) {
            if (tokens.kind(i) == TokenKind.LEFT_PAREN && previous >= 0 && tokens.kind(previous).isIdentifier()) {
                String name = tokens.identifierName(previous);
                functions.add(name == null ? "*" : name);
            }
            previous = i;
        }
        Set<String> written = new HashSet<>();
        List<DmlHead> heads = DmlHead.findAll(tokens, 0, tokens.size());
        for (DmlHead head : heads) {
            written.add(head.table() == null ? "*" : head.table().name());
        }
        boolean ddl = changesCatalog(sql);
        int first = tokens.firstSignificant(0, tokens.size());
        if (first >= 0 && (tokens.isWord(first, "DO") || tokens.isWord(first, "EXECUTE"))) {
            // A code block's body is a string, and EXECUTE runs a statement prepared earlier: either may call anything.
            functions.add("*");
            written.add("*");
        }
        if (functions.isEmpty() && written.isEmpty() && !ddl) {
            return NONE;
        }
        return new WriteCues(functions, written, ddl, first >= 0 && tokens.isWord(first, "CALL"));
    }

    /** True when the text's first word is CREATE, ALTER, DROP or COMMENT; reads only up to that word. */
    public static boolean changesCatalog(String sql) {
        return isCatalogChange(firstWord(sql));
    }

    /** True when {@code firstWord} (upper case, see {@link #firstWord}) is CREATE, ALTER, DROP or COMMENT. */
    static boolean isCatalogChange(String firstWord) {
        return firstWord != null && CATALOG_CHANGES.contains(firstWord);
    }

    /** The text's first token in upper case when it is a word, else null; reads only up to that token. */
    static String firstWord(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenKind kind = lexer.next(); kind != TokenKind.EOF; kind = lexer.next()) {
            if (!kind.isComment()) {
                return kind == TokenKind.WORD ? sql.substring(lexer.start, lexer.end).toUpperCase(Locale.ROOT) : null;
            }
        }
        return null;
    }

    /** True when {@code names} holds a name called here, or every name may be ({@code *}). */
    public boolean callsAny(Set<String> names) {
        return intersects(functions, names);
    }

    /** True when {@code names} holds a table written here, or every table may be ({@code *}). */
    public boolean writesAny(Set<String> names) {
        return intersects(writtenTables, names);
    }

    private static boolean intersects(Set<String> cues, Set<String> names) {
        if (cues.isEmpty() || names.isEmpty()) {
            return false;
        }
        if (cues.contains("*")) {
            return true;
        }
        for (String cue : cues) {
            if (names.contains(cue)) {
                return true;
            }
        }
        return false;
    }
}
