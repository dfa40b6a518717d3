package io.writethrough.sql;

import io.writethrough.mapping.TableName;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
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
 * @param fixed           columns of the target, folded, that the WHERE of an UPDATE or DELETE sets equal to a
 *                        parameter or literal in a top-level conjunct ({@code WHERE id = ? AND ...})
 */
record ParsedWrite(DmlHead.Kind kind, TableName target, boolean returning, boolean from, Set<String> assigned,
                   boolean conflictUpdate, boolean conflictAny, Set<String> conflictAssigned,
                   boolean foreignSyntax, boolean values, Set<String> fixed) {

    /** The facts of {@code statement}, or null when it is no INSERT, UPDATE or DELETE. */
    static ParsedWrite of(Statement statement) {
        if (statement instanceof Insert insert) {
            InsertConflictAction action = insert.getConflictAction();
            boolean update = action != null && action.getConflictActionType() == ConflictActionType.DO_UPDATE;
            boolean foreign = notEmpty(insert.getSetUpdateSets()) || notEmpty(insert.getDuplicateUpdateSets())
                    || insert.isModifierIgnore() || returningInto(insert.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.INSERT, table(insert.getTable()), insert.getReturningClause() != null,
                    false, Set.of(), update, action != null || insert.getConflictTarget() != null,
                    update ? columns(action.getUpdateSets()) : Set.of(), foreign, insert.getSelect() instanceof Values, Set.of());
        }
        if (statement instanceof Update update) {
            boolean from = update.getFromItem() != null || notEmpty(update.getJoins());
            boolean foreign = notEmpty(update.getStartJoins()) || update.getLimit() != null
                    || notEmpty(update.getOrderByElements()) || returningInto(update.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.UPDATE, table(update.getTable()), update.getReturningClause() != null,
                    from, columns(update.getUpdateSets()), false, false, Set.of(), foreign, false,
                    fixed(update.getWhere(), update.getTable(), from));
        }
        if (statement instanceof Delete delete) {
            boolean from = notEmpty(delete.getUsingFromItemList())
                    || notEmpty(delete.getJoins());
            boolean foreign = notEmpty(delete.getTables()) || delete.getLimit() != null
                    || notEmpty(delete.getOrderByElements()) || returningInto(delete.getReturningClause());
            return new ParsedWrite(DmlHead.Kind.DELETE, table(delete.getTable()), delete.getReturningClause() != null,
                    from, Set.of(), false, false, Set.of(), foreign, false, fixed(delete.getWhere(), delete.getTable(), from));
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

    /**
     * The target's columns that {@code where} sets equal to a value in a top-level conjunct. A column qualified by
     * another name, or unqualified while other tables are joined, is not counted: it may be another table's.
     */
    private static Set<String> fixed(Expression where, Table target, boolean joined) {
        Set<String> names = new HashSet<>();
        for (Expression e = where; e != null; ) {
            Expression conjunct = e;
            if (e instanceof AndExpression and) {
                conjunct = and.getRightExpression();
                e = and.getLeftExpression();
            } else {
                e = null;
            }
            if (conjunct instanceof EqualsTo equals) {
                String column = targetColumn(equals.getLeftExpression(), target, joined);
                if (column == null) {
                    column = targetColumn(equals.getRightExpression(), target, joined);
                    if (column != null && isValue(equals.getLeftExpression())) {
                        names.add(column);
                    }
                } else if (isValue(equals.getRightExpression())) {
                    names.add(column);
                }
            }
        }
        return names;
    }

    private static String targetColumn(Expression e, Table target, boolean joined) {
        if (!(e instanceof Column column)) {
            return null;
        }
        Table qualifier = column.getTable();
        boolean unqualified = qualifier == null || qualifier.getName() == null;
        String own = target == null ? null
                : target.getAlias() != null ? target.getAlias().getName() : target.getName();
        if (unqualified ? joined : own == null || qualifier.getSchemaName() != null
                || !Identifiers.foldWritten(qualifier.getName()).equals(Identifiers.foldWritten(own))) {
            return null;
        }
        return Identifiers.foldWritten(column.getColumnName());
    }

    private static boolean isValue(Expression e) {
        Expression value = e instanceof CastExpression cast ? cast.getLeftExpression() : e;
        return value instanceof JdbcParameter || value instanceof JdbcNamedParameter || value instanceof LongValue
                || value instanceof StringValue || value instanceof DoubleValue;
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
