package io.writethrough.sql;

import io.writethrough.mapping.TableName;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the analysis needs from JSqlParser's tree of an INSERT, UPDATE or DELETE, copied out so that no tree outlives
 * the analysis (JSqlParser does not document its trees as thread-safe).
 *
 * @param kind            the statement
 * @param target          the written table, folded
 * @param returning       the statement has its own RETURNING
 * @param from            an UPDATE has FROM (or joins); a DELETE has USING (or joins)
 * @param assigned        columns the UPDATE's SET assigns, folded; for {@code SET a.b = ...} both parts, since
 *                        PostgreSQL reads that as field b of column a
 * @param conflictUpdate  an INSERT has {@code ON CONFLICT ... DO UPDATE}
 * @param conflictAny     an INSERT has {@code ON CONFLICT}
 * @param conflictAssigned columns {@code DO UPDATE SET} assigns, folded like {@code assigned}
 * @param foreignSyntax   syntax PostgreSQL does not have (MySQL multi-table DELETE, {@code INSERT ... SET},
 *                        {@code RETURNING ... INTO}, ...)
 * @param values          an INSERT's rows come from a VALUES list (not a query, not DEFAULT VALUES)
 */
record ParsedWrite(DmlHead.Kind kind, TableName target, boolean returning, boolean from, Set<String> assigned,
                   boolean conflictUpdate, boolean conflictAny, Set<String> conflictAssigned,
                   boolean foreignSyntax, boolean values) {

    /** The facts of {@code statement}, or null when it is no INSERT, UPDATE or DELETE. */
    static ParsedWrite of(Statement statement) {
        if (statement instanceof Insert insert) {
            InsertConflictAction action = insert.getConflictAction();
            boolean update = action != null && action.getConflictActionType() == ConflictActionType.DO_UPDATE;
            boolean foreign = notEmpty(insert.getSetUpdateSets()) || notEmpty(insert.getDuplicateUpdateSets())
                    || insert.isModifierIgnore() || returningInto(insert.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.INSERT, table(insert.getTable()), insert.getReturningClause() != null,
                    false, Set.of(), update, action != null || insert.getConflictTarget() != null,
                    update ? columns(action.getUpdateSets()) : Set.of(), foreign, insert.getSelect() instanceof Values);
        }
        if (statement instanceof Update update) {
            boolean from = update.getFromItem() != null || notEmpty(update.getJoins());
            boolean foreign = notEmpty(update.getStartJoins()) || update.getLimit() != null
                    || notEmpty(update.getOrderByElements()) || returningInto(update.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.UPDATE, table(update.getTable()), update.getReturningClause() != null,
                    from, columns(update.getUpdateSets()), false, false, Set.of(), foreign, false);
        }
        if (statement instanceof Delete delete) {
            boolean from = notEmpty(delete.getUsingFromItemList())
                    || notEmpty(delete.getJoins());
            boolean foreign = notEmpty(delete.getTables()) || delete.getLimit() != null
                    || notEmpty(delete.getOrderByElements()) || returningInto(delete.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.DELETE, table(delete.getTable()), delete.getReturningClause() != null,
                    from, Set.of(), false, false, Set.of(), foreign, false);
        }
        return null;
    }

    private static TableName table(Table table) {
        if (table == null || table.getName() == null) {
            return null;
        }
        String schema = table.getSchemaName();
        return new TableName(schema == null || schema.isEmpty() ? null : Identifiers.foldWritten(schema),
                Identifiers.foldWritten(table.getName()));
    }

    private static Set<String> columns(List<UpdateSet> sets) {
        Set<String> names = new HashSet<>();
        if (sets == null) {
            return names;
        }
        for (UpdateSet set : sets) {
            if (set.getColumns() == null) {
                continue;
            }
            for (Column column : set.getColumns()) {
                names.add(Identifiers.foldWritten(column.getColumnName()));
                Table table = column.getTable();
                if (table != null && table.getName() != null) {
                    names.add(Identifiers.foldWritten(table.getName()));
                }
            }
        }
        return names;
    }

    /** {@code RETURNING ... INTO target} (Oracle, PL/pgSQL) is not SQL PostgreSQL runs; items appended after it break. */
    private static boolean returningInto(ReturningClause returning) {
        return returning != null && (notEmpty(returning.getDataItems())
                || returning.getKeyword() != ReturningClause.Keyword.RETURNING);
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
