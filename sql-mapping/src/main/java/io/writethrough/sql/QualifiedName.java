package io.writethrough.sql;

import io.writethrough.mapping.TableName;

/**
 * A possibly qualified table name in the token stream: {@code name}, {@code schema.name} or
 * {@code catalog.schema.name}.
 *
 * @param first the token index of the first part
 * @param last  the token index of the last part
 * @param table the name as PostgreSQL folds it; null when it has too many parts or a part cannot be decoded
 * @param text  the name as written, parts joined by dots without spaces or comments
 */
record QualifiedName(int first, int last, TableName table, String text) {

    /** The name starting at token {@code i}, or null when no identifier is there. */
    static QualifiedName at(Tokens tokens, int i, int to) {
        if (i < 0 || !tokens.kind(i).isIdentifier()) {
            return null;
        }
        StringBuilder text = new StringBuilder(written(tokens, i));
        String[] names = new String[3];
        names[0] = tokens.identifierName(i);
        int parts = 1;
        int last = i;
        while (true) {
            int dot = tokens.nextSignificant(last, to);
            int part = dot >= 0 && tokens.kind(dot) == TokenKind.DOT ? tokens.nextSignificant(dot, to) : -1;
            if (part < 0 || !tokens.kind(part).isIdentifier()) {
                break;
            }
            if (parts < names.length) {
                names[parts] = tokens.identifierName(part);
            }
            parts++;
            text.append('.').append(written(tokens, part));
            last = part;
        }
        TableName table = null;
        if (parts <= 3) {
            String name = names[parts - 1];
            String schema = parts >= 2 ? names[parts - 2] : null;
            if (name != null && (parts == 1 || schema != null)) {
                table = new TableName(schema, name);
            }
        }
        return new QualifiedName(i, last, table, text.toString());
    }

    /**
     * An identifier token as written, except that a {@code U&"..."} one becomes a plain quoted identifier: a
     * trailing {@code UESCAPE '!'} cannot be followed by {@code .column}.
     */
    static String written(Tokens tokens, int i) {
        if (tokens.kind(i) == TokenKind.UNICODE_IDENTIFIER) {
            String name = tokens.identifierName(i);
            if (name != null) {
                return Identifiers.quote(name);
            }
        }
        return tokens.text(i);
    }

    /** The table, or the unqualified {@code fallback} when it is unreadable. */
    TableName tableOr(String fallback) {
        return table != null ? table : TableName.unqualified(fallback);
    }
}
