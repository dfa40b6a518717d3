package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A statement after which a table's Redis entries may no longer be what the driver would write for its rows, with no
 * row returned: {@code ALTER TABLE} adding, dropping, retyping or renaming columns, renaming the table, moving it to
 * another schema or detaching a partition, {@code DROP TABLE} and {@code TRUNCATE}. Found in the text alone
 * (catalog-free); every other {@code ALTER TABLE} action (constraints, defaults, triggers, storage, owner, ...) leaves
 * stored values and column names as they were. Immutable.
 *
 * @param table the table as named, folded as PostgreSQL folds it; unqualified when the statement does not qualify it;
 *     null for any table ({@code TRUNCATE ... CASCADE} empties every table that references the ones it names)
 * @param wholeTable every entry may be affected: the table was dropped, renamed, moved, emptied or lost a partition
 * @param columns the columns added, dropped, retyped or renamed (folded), when not {@code wholeTable}
 */
public record TableReshape(TableName table, boolean wholeTable, Set<String> columns) {

    public TableReshape {
        columns = Set.copyOf(columns);
    }

    /** The reshapes in a SQL text (every statement of it); empty when it reshapes no table. Never throws. */
    public static List<TableReshape> of(String sql) {
        if (!mayStartOne(WriteCues.firstWord(sql))) {
            return List.of();
        }
        Tokens tokens = Tokens.of(sql, SqlAnalyzer.MAX_TOKENS);
        if (tokens == null) {
            return List.of();
        }
        List<TableReshape> reshapes = new ArrayList<>();
        int end = tokens.size();
        for (int start = tokens.firstSignificant(0, end); start >= 0; ) {
            int stop = statementEnd(tokens, start, end);
            if (tokens.isWord(start, "ALTER")) {
                alterTable(tokens, start, stop, reshapes);
            } else if (tokens.isWord(start, "DROP")) {
                dropTable(tokens, start, stop, reshapes);
            } else if (tokens.isWord(start, "TRUNCATE")) {
                truncate(tokens, start, stop, reshapes);
            }
            start = stop < end ? tokens.firstSignificant(stop + 1, end) : -1;
        }
        return reshapes;
    }

    /** True when a text whose first word is {@code firstWord} (upper case, or null) may hold a reshape. */
    static boolean mayStartOne(String firstWord) {
        return WriteCues.isCatalogChange(firstWord) || Unsupported.TRUNCATE.equals(firstWord);
    }

    /** True when {@code mapping} maps this table (by name, and schema where both give one) and stores what changed. */
    public boolean affects(TableMapping mapping) {
        if (table == null) {
            return true;
        }
        TableName mapped = mapping.table();
        if (!mapped.name().equals(table.name())
                || (mapped.schema() != null && table.schema() != null && !mapped.schema().equals(table.schema()))) {
            return false;
        }
        if (wholeTable || mapping.storesAllColumns()) {
            return true;
        }
        for (String column : columns) {
            if (mapping.columns().contains(column) || mapping.key().columns().contains(column)) {
                return true;
            }
        }
        return false;
    }

    private static int statementEnd(Tokens tokens, int start, int end) {
        for (int i = start; i >= 0 && i < end; i = tokens.nextSignificant(i, end)) {
            if (tokens.kind(i) == TokenKind.SEMICOLON && tokens.depth(i) == 0) {
                return i;
            }
        }
        return end;
    }

    private static void dropTable(Tokens tokens, int drop, int stop, List<TableReshape> reshapes) {
        int i = tokens.nextSignificant(drop, stop);
        if (i < 0 || !tokens.isWord(i, "TABLE")) {
            return;
        }
        wholeTables(tokens, skipWords(tokens, tokens.nextSignificant(i, stop), stop, "IF", "EXISTS"), stop, reshapes);
    }

    /** {@code TRUNCATE [TABLE] [ONLY] name [*] [, ...] [RESTART | CONTINUE IDENTITY] [CASCADE | RESTRICT]}. */
    private static void truncate(Tokens tokens, int truncate, int stop, List<TableReshape> reshapes) {
        int i = skipWords(tokens, tokens.nextSignificant(truncate, stop), stop, "TABLE");
        int last = wholeTables(tokens, i, stop, reshapes);
        for (int j = last < 0 ? -1 : tokens.nextSignificant(last, stop); j >= 0; j = tokens.nextSignificant(j, stop)) {
            if (tokens.isWord(j, "CASCADE")) {
                reshapes.add(new TableReshape(null, true, Set.of()));
            }
        }
    }

    /** Adds each table of a comma-separated list (each may have ONLY before it, {@code *} after); its last token. */
    private static int wholeTables(Tokens tokens, int i, int stop, List<TableReshape> reshapes) {
        int last = -1;
        while (i >= 0) {
            QualifiedName name = QualifiedName.at(tokens, skipWords(tokens, i, stop, "ONLY"), stop);
            if (name == null) {
                return last;
            }
            if (name.table() != null) {
                reshapes.add(new TableReshape(name.table(), true, Set.of()));
            }
            last = name.last();
            int next = tokens.nextSignificant(last, stop);
            if (next >= 0 && tokens.isOperator(next, "*")) {
                last = next;
                next = tokens.nextSignificant(next, stop);
            }
            i = next >= 0 && tokens.kind(next) == TokenKind.COMMA ? tokens.nextSignificant(next, stop) : -1;
        }
        return last;
    }

    private static void alterTable(Tokens tokens, int alter, int stop, List<TableReshape> reshapes) {
        int i = tokens.nextSignificant(alter, stop);
        if (i < 0 || !tokens.isWord(i, "TABLE")) {
            return;
        }
        i = skipWords(tokens, tokens.nextSignificant(i, stop), stop, "IF", "EXISTS");
        i = skipWords(tokens, i, stop, "ONLY");
        QualifiedName name = QualifiedName.at(tokens, i, stop);
        if (name == null || name.table() == null) {
            return;
        }
        i = tokens.nextSignificant(name.last(), stop);
        if (i >= 0 && tokens.isOperator(i, "*")) {
            i = tokens.nextSignificant(i, stop);
        }
        Set<String> columns = new HashSet<>();
        boolean whole = false;
        while (i >= 0) {
            int actionEnd = actionEnd(tokens, i, stop);
            Effect effect = action(tokens, i, actionEnd, columns);
            whole |= effect == Effect.WHOLE_TABLE || effect == Effect.UNKNOWN_COLUMN;
            i = actionEnd < stop ? tokens.nextSignificant(actionEnd, stop) : -1;
        }
        if (whole || !columns.isEmpty()) {
            reshapes.add(new TableReshape(name.table(), whole, whole ? Set.of() : columns));
        }
    }

    private enum Effect { NONE, COLUMN, UNKNOWN_COLUMN, WHOLE_TABLE }

    /** What one action of an ALTER TABLE (tokens {@code i} up to {@code end}) does to the table's entries. */
    private static Effect action(Tokens tokens, int i, int end, Set<String> columns) {
        int next = tokens.nextSignificant(i, end);
        if (tokens.isWord(i, "ADD")) {
            if (next < 0 || isConstraintStart(tokens, next)) {
                return Effect.NONE;
            }
            return column(tokens, skipWords(tokens, skipWords(tokens, next, end, "COLUMN"), end, "IF", "NOT", "EXISTS"),
                    columns);
        }
        if (tokens.isWord(i, "DROP")) {
            if (next < 0 || tokens.isWord(next, "CONSTRAINT")) {
                return Effect.NONE;
            }
            int name = skipWords(tokens, skipWords(tokens, next, end, "COLUMN"), end, "IF", "EXISTS");
            return column(tokens, name, columns);
        }
        if (tokens.isWord(i, "ALTER")) {
            if (next < 0 || tokens.isWord(next, "CONSTRAINT")) {
                return Effect.NONE;
            }
            int name = skipWords(tokens, next, end, "COLUMN");
            int verb = name < 0 ? -1 : tokens.nextSignificant(name, end);
            boolean retype = verb >= 0 && (tokens.isWord(verb, "TYPE") || (tokens.isWord(verb, "SET")
                    && tokens.isWord(tokens.nextSignificant(verb, end), "DATA")));
            return retype ? column(tokens, name, columns) : Effect.NONE;
        }
        if (tokens.isWord(i, "RENAME")) {
            if (next >= 0 && tokens.isWord(next, "TO")) {
                return Effect.WHOLE_TABLE;
            }
            if (next < 0 || tokens.isWord(next, "CONSTRAINT")) {
                return Effect.NONE;
            }
            return column(tokens, skipWords(tokens, next, end, "COLUMN"), columns);
        }
        if (tokens.isWord(i, "SET") && next >= 0 && tokens.isWord(next, "SCHEMA")) {
            return Effect.WHOLE_TABLE;
        }
        if (tokens.isWord(i, "DETACH")) {
            // The partition's rows leave the table, their entries with them.
            return Effect.WHOLE_TABLE;
        }
        return Effect.NONE;
    }

    private static boolean isConstraintStart(Tokens tokens, int i) {
        for (String word : new String[] {"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "EXCLUDE", "FOREIGN"}) {
            if (tokens.isWord(i, word)) {
                return true;
            }
        }
        return false;
    }

    private static Effect column(Tokens tokens, int i, Set<String> columns) {
        String name = i >= 0 && tokens.kind(i).isIdentifier() ? tokens.identifierName(i) : null;
        if (name == null) {
            return Effect.UNKNOWN_COLUMN;
        }
        columns.add(name);
        return Effect.COLUMN;
    }

    /** The index of the comma ending the action starting at {@code i}, or {@code stop}. */
    private static int actionEnd(Tokens tokens, int i, int stop) {
        int depth = tokens.depth(i);
        for (int j = i; j >= 0 && j < stop; j = tokens.nextSignificant(j, stop)) {
            if (tokens.kind(j) == TokenKind.COMMA && tokens.depth(j) == depth) {
                return j;
            }
        }
        return stop;
    }

    /** Skips {@code words} if they follow at {@code i} in that order; returns the index after them, or {@code i}. */
    private static int skipWords(Tokens tokens, int i, int stop, String... words) {
        int j = i;
        for (String word : words) {
            if (j < 0 || !tokens.isWord(j, word)) {
                return i;
            }
            j = tokens.nextSignificant(j, stop);
        }
        return j;
    }
}
