package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link WritePlan}'s SQL by splicing text into the application's statement (see {@link WritePlan} for the
 * contract). Never deparses: comments stay, parameters keep their positions.
 */
final class ReturningRewrite {

    private static final String MARKER = "tableoid AS " + Identifiers.quote(WritePlan.TABLE_MARKER)
            + ", txid_current() AS " + Identifiers.quote(WritePlan.TRANSACTION_ID);
    private static final String OLD = Identifiers.quote(WritePlan.OLD_KEY_ALIAS);

    private final Tokens tokens;
    private final int first;
    private final int last;
    private final DmlHead main;
    private final int returning;
    private final String q;

    /**
     * @param first     the statement's first significant token (a WITH clause and leading comments come before
     *                  the head)
     * @param last      its last significant token, not counting a trailing {@code ;}
     * @param main      the head of the write
     * @param returning the token index of the statement's own RETURNING, or -1
     */
    ReturningRewrite(Tokens tokens, int first, int last, DmlHead main, int returning) {
        this.tokens = tokens;
        this.first = first;
        this.last = last;
        this.main = main;
        this.returning = returning;
        this.q = main.qualifier(tokens);
    }

    WritePlan plan(Operation operation, TableName target, List<TableMapping> candidates, boolean needsTableCheck) {
        String ours = q + "." + MARKER + ", " + rowColumns(operation, candidates, needsTableCheck);
        String head = prefix() + tokens.sql.substring(tokens.start(first), tokens.end(last));
        String tail = tail();
        if (returning >= 0) {
            String sql = head + ", " + ours + tail;
            return new WritePlan(operation, target, candidates, needsTableCheck, true, List.of(), sql, sql, -1, q,
                    tail.length());
        }
        String before = head + " RETURNING ";
        return new WritePlan(operation, target, candidates, needsTableCheck, false, List.of(),
                before + ours + tail, before + "*, " + ours + tail, before.length(), q, tail.length());
    }

    /**
     * The key-change rewrite of an UPDATE without FROM.
     *
     * @param where   the token index of the UPDATE's WHERE, or -1
     * @param keys    the key columns whose old values to return
     */
    WritePlan keyChangePlan(TableName target, List<TableMapping> candidates, boolean needsTableCheck, int where,
                            List<String> keys) {
        String sql = tokens.sql;
        int lastEnd = tokens.end(last);
        int setEnd = where >= 0 ? tokens.start(where) : returning >= 0 ? tokens.start(returning) : lastEnd;
        StringBuilder before = new StringBuilder(sql.length() + 200);
        before.append(prefix()).append(sql, tokens.start(first), setEnd);
        if (setEnd == lastEnd) {
            before.append(' ');
        }
        before.append("FROM (SELECT ");
        StringBuilder join = new StringBuilder();
        StringBuilder oldColumns = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            String column = q + "." + Identifiers.quote(keys.get(i));
            String old = Identifiers.quote(WritePlan.OLD_KEY_PREFIX + i);
            before.append(i == 0 ? "" : ", ").append(column).append(" AS ").append(old);
            join.append(i == 0 ? "" : " AND ").append(column).append(" = ").append(OLD).append('.').append(old);
            oldColumns.append(", ").append(OLD).append('.').append(old);
        }
        int targetEnd = tokens.end(main.alias() >= 0 ? main.alias() : main.targetLast());
        before.append(" FROM ").append(sql, tokens.start(main.targetFirst()), targetEnd);
        if (where >= 0) {
            int whereEnd = returning >= 0 ? tokens.start(returning) : lastEnd;
            before.append(" WHERE").append(sql, tokens.end(where), whereEnd);
            if (whereEnd == lastEnd) {
                before.append(' ');
            }
        } else {
            before.append(' ');
        }
        before.append("FOR UPDATE) AS ").append(OLD).append(" WHERE ").append(join).append(" RETURNING ");
        String ours = q + "." + MARKER + ", " + rowColumns(Operation.UPDATE, candidates, needsTableCheck)
                + oldColumns;
        String tail = tail();
        if (returning >= 0) {
            String out = before + applicationItems() + ", " + ours + tail;
            return new WritePlan(Operation.UPDATE, target, candidates, needsTableCheck, true, keys, out, out, -1, q,
                    tail.length());
        }
        return new WritePlan(Operation.UPDATE, target, candidates, needsTableCheck, false, keys,
                before + ours + tail, before + q + ".*, " + ours + tail, before.length(), q, tail.length());
    }

    /**
     * The application's RETURNING items with each bare {@code *} qualified: the rewrite adds {@code "__wt_old"} to
     * FROM, and a bare {@code *} would return its columns to the application too.
     */
    private String applicationItems() {
        int depth = tokens.depth(returning);
        int from = tokens.nextSignificant(returning, last + 1);
        if (from < 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int copied = tokens.start(from);
        int itemStart = from;
        for (int i = from; i <= last + 1; i++) {
            if (i <= last && (tokens.kind(i) != TokenKind.COMMA || tokens.depth(i) != depth)) {
                continue;
            }
            int itemFirst = tokens.firstSignificant(itemStart, i);
            if (itemFirst >= 0 && tokens.nextSignificant(itemFirst, i) < 0 && tokens.isOperator(itemFirst, "*")) {
                out.append(tokens.sql, copied, tokens.start(itemFirst)).append(q).append(".*");
                copied = tokens.end(itemFirst);
            }
            itemStart = i + 1;
        }
        return out.append(tokens.sql, copied, tokens.end(last)).toString();
    }

    private String rowColumns(Operation operation, List<TableMapping> candidates, boolean needsTableCheck) {
        if (needsTableCheck || candidates.size() != 1) {
            return q + ".*";
        }
        TableMapping mapping = candidates.get(0);
        if (operation != Operation.DELETE && mapping.storesAllColumns()) {
            return q + ".*";
        }
        Set<String> columns = new LinkedHashSet<>(mapping.key().columns());
        if (operation != Operation.DELETE) {
            columns.addAll(mapping.columns());
        }
        List<String> items = new ArrayList<>(columns.size());
        for (String column : columns) {
            items.add(q + "." + Identifiers.quote(column));
        }
        return String.join(", ", items);
    }

    /** The text before the statement: leading comments and empty statements, without their semicolons. */
    private String prefix() {
        return withoutSemicolons(0, first, 0, tokens.start(first));
    }

    /** The text after the statement's last token: comments, without semicolons. */
    private String tail() {
        return withoutSemicolons(last + 1, tokens.size(), tokens.end(last), tokens.sql.length());
    }

    private String withoutSemicolons(int fromToken, int toToken, int fromChar, int toChar) {
        StringBuilder out = null;
        int copied = fromChar;
        for (int i = fromToken; i < toToken; i++) {
            if (tokens.kind(i) == TokenKind.SEMICOLON) {
                if (out == null) {
                    out = new StringBuilder(toChar - fromChar);
                }
                out.append(tokens.sql, copied, tokens.start(i));
                copied = tokens.end(i);
            }
        }
        if (out == null) {
            return tokens.sql.substring(fromChar, toChar);
        }
        return out.append(tokens.sql, copied, toChar).toString();
    }
}
