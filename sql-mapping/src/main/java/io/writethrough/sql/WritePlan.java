package io.writethrough.sql;

import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;

import java.util.List;
import java.util.Objects;

/**
 * How to run a write on a mapped table so that the database returns every row it wrote, in the same statement.
 * Immutable; holds only strings and the mapping model, no parser tree.
 *
 * <h2>The RETURNING clause the driver gets — the contract with the driver</h2>
 * {@link #sql()} and {@link #sqlWithGeneratedKeys(String[])} are the application's statement, text unchanged, with a
 * RETURNING clause spliced in (comments, {@code ?} and {@code $n} parameters and their order are preserved; one
 * trailing {@code ;} is dropped). Its columns are, in this order:
 * <pre>
 * [application items...], &lt;q&gt;.tableoid AS "__wt_table", txid_current() AS "__wt_xid", &lt;row columns...&gt;,
 * ["__wt_old"."__wt_k0", ...]
 * </pre>
 * <ul>
 *   <li>{@code <q>} is the target's alias if it has one, else the target as written ({@code users},
 *       {@code sales.orders}, {@code "AccMixed"}).</li>
 *   <li><b>Application items</b>: the statement's own RETURNING items, verbatim (with a bare {@code *} turned into
 *       {@code <q>.*} only when the key-change rewrite below adds a FROM item); else, for
 *       {@link #sqlWithGeneratedKeys(String[])}, the items pgjdbc would have appended ({@code *}, or the given names
 *       double-quoted); else none. The driver finds the column labelled {@value #TABLE_MARKER} and treats every column
 *       before it as the application's.</li>
 *   <li>{@value #TRANSACTION_ID} follows the marker: the id of the transaction writing the row.</li>
 *   <li>{@value #TABLE_MARKER} is the oid of the table each row came from; when {@link #needsTableCheck()} the driver
 *       uses it to pick the mapping of that row, and ignores rows of tables no candidate maps.</li>
 *   <li><b>Row columns</b>: {@code <q>.*} when the one candidate mapping stores all columns, when there are several
 *       candidates, or when {@link #needsTableCheck()} (the row may come from a same-named unmapped table whose
 *       columns are unknown); otherwise {@code <q>."c"} for each key-template column, then each configured column not
 *       listed yet. For {@link Operation#DELETE} the key-template columns only (or {@code <q>.*} as above).</li>
 *   <li><b>Old key columns</b> (only when {@link #keyChange()}): {@code "__wt_old"."__wt_k<i>"} holds the value of
 *       {@link #oldKeyColumnNames()}{@code .get(i)} before the update; they are the last {@link #oldKeyColumns()}
 *       columns. To get them the statement {@code UPDATE t [AS a] SET ... [WHERE w] [RETURNING ...]} is rewritten to
 *       {@code UPDATE t [AS a] SET ... FROM (SELECT <q>."k0" AS "__wt_k0", ... FROM t [AS a] [WHERE w] FOR UPDATE)
 *       AS "__wt_old" WHERE <q>."k0" = "__wt_old"."__wt_k0" AND ... RETURNING ...}. Parameters keep their order (SET's
 *       come before the sub-query, WHERE's inside it); FOR UPDATE makes a concurrent update re-check the WHERE against
 *       the newest row version. The join assumes the key columns identify a row (unique and not null), as the key
 *       template itself must.</li>
 * </ul>
 */
public final class WritePlan implements Analysis {

    /** The label of the column that separates the application's columns from the driver's. */
    public static final String TABLE_MARKER = "__wt_table";
    /**
     * The label of the column holding the writing transaction's id ({@code txid_current()}), which the driver
     * keeps with its ownership marks in Redis so another transaction can later ask PostgreSQL whether it committed.
     */
    public static final String TRANSACTION_ID = "__wt_xid";
    /** The alias of the sub-query holding the old key values. */
    public static final String OLD_KEY_ALIAS = "__wt_old";
    /** The label prefix of old key columns: {@code __wt_k0}, {@code __wt_k1}, ... */
    public static final String OLD_KEY_PREFIX = "__wt_k";
    /** The label prefix of the columns {@link #withExtraColumns} adds: {@code __wt_x0}, {@code __wt_x1}, ... */
    public static final String EXTRA_PREFIX = "__wt_x";

    private final Operation operation;
    private final TableName target;
    private final List<TableMapping> mappings;
    private final boolean needsTableCheck;
    private final boolean applicationReturning;
    private final List<String> oldKeyColumnNames;
    private final String sql;
    private final String generatedKeysSql;
    /** Where generated-keys items go in {@link #sql}, or -1 when the statement has its own RETURNING. */
    private final int itemsAt;
    private final int maxRows;
    /** How the statement refers to the target's rows: its alias, else the table as written. */
    private final String rowQualifier;
    /** The characters after the RETURNING list (trailing comments), the same in both texts. */
    private final int tailLength;
    private final int extraColumns;
    private final boolean writesEntries;

    WritePlan(Operation operation, TableName target, List<TableMapping> mappings, boolean needsTableCheck,
              boolean applicationReturning, List<String> oldKeyColumnNames, String sql, String generatedKeysSql,
              int itemsAt, String rowQualifier, int tailLength) {
        this(operation, target, mappings, needsTableCheck, applicationReturning, oldKeyColumnNames, sql,
                generatedKeysSql, itemsAt, -1, rowQualifier, tailLength, 0, true);
    }

    private WritePlan(Operation operation, TableName target, List<TableMapping> mappings, boolean needsTableCheck,
                      boolean applicationReturning, List<String> oldKeyColumnNames, String sql,
                      String generatedKeysSql, int itemsAt, int maxRows, String rowQualifier, int tailLength,
                      int extraColumns, boolean writesEntries) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.target = Objects.requireNonNull(target, "target");
        this.mappings = List.copyOf(mappings);
        this.needsTableCheck = needsTableCheck;
        this.applicationReturning = applicationReturning;
        this.oldKeyColumnNames = List.copyOf(oldKeyColumnNames);
        this.sql = Objects.requireNonNull(sql, "sql");
        this.generatedKeysSql = Objects.requireNonNull(generatedKeysSql, "generatedKeysSql");
        this.itemsAt = itemsAt;
        this.maxRows = maxRows;
        this.rowQualifier = rowQualifier;
        this.tailLength = tailLength;
        this.extraColumns = extraColumns;
        this.writesEntries = writesEntries;
    }

    /** This plan, for a statement known to return at most {@code rows} rows (-1: not known). */
    WritePlan returningAtMost(int rows) {
        return new WritePlan(operation, target, mappings, needsTableCheck, applicationReturning, oldKeyColumnNames,
                sql, generatedKeysSql, itemsAt, rows, rowQualifier, tailLength, extraColumns, writesEntries);
    }

    /**
     * This plan, for a table that is not mapped itself but whose foreign-key actions reach mapped tables: it runs the
     * same way (and may get {@link #withExtraColumns}), but its own rows are no entries.
     */
    public WritePlan withoutEntries() {
        return new WritePlan(operation, target, mappings, needsTableCheck, applicationReturning, oldKeyColumnNames,
                sql, generatedKeysSql, itemsAt, maxRows, rowQualifier, tailLength, extraColumns, false);
    }

    /** False for a plan {@link #withoutEntries}: its returned rows are written to no Redis entry. */
    public boolean writesEntries() {
        return writesEntries;
    }

    /**
     * This plan with {@code expressions} returned as well, after every other column, labelled {@value #EXTRA_PREFIX}0,
     * {@value #EXTRA_PREFIX}1, ... An expression may refer to the written row through {@link #rowQualifier()} (and,
     * for a key change, to its old key values as {@code "__wt_old"."__wt_k<i>"}); sub-queries in it see the database
     * as the statement found it. The driver uses them to read, before foreign-key actions run, the rows those actions
     * will write.
     */
    public WritePlan withExtraColumns(List<String> expressions) {
        if (expressions.isEmpty()) {
            return this;
        }
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < expressions.size(); i++) {
            items.append(", ").append(expressions.get(i)).append(" AS ")
                    .append(Identifiers.quote(EXTRA_PREFIX + (extraColumns + i)));
        }
        return new WritePlan(operation, target, mappings, needsTableCheck, applicationReturning, oldKeyColumnNames,
                spliced(sql, items), spliced(generatedKeysSql, items), itemsAt, maxRows, rowQualifier, tailLength,
                extraColumns + expressions.size(), writesEntries);
    }

    private String spliced(String text, CharSequence items) {
        int at = text.length() - tailLength;
        return text.substring(0, at) + items + text.substring(at);
    }

    /** How the statement's text refers to the written rows: the target's alias, else the table as written. */
    public String rowQualifier() {
        return rowQualifier;
    }

    /** How many columns {@link #withExtraColumns} added; they come last in the returned rows. */
    public int extraColumns() {
        return extraColumns;
    }

    public Operation operation() {
        return operation;
    }

    /** The target table as written in the SQL, folded the PostgreSQL way; schema null when unqualified. */
    public TableName target() {
        return target;
    }

    /**
     * The mappings that may apply to the written rows. SQL naming a schema: that schema's mapping if any, else the
     * unqualified one. Unqualified SQL: the unqualified mapping (if any), then every schema-qualified mapping of that
     * name (PostgreSQL resolves the name through {@code search_path}).
     */
    public List<TableMapping> mappings() {
        return mappings;
    }

    /**
     * The candidate mapping that applies to {@code table} (schema-qualified, as the database resolved it): a mapping
     * qualified with that schema wins over an unqualified one; {@code null} when none applies.
     */
    public TableMapping mappingFor(TableName table) {
        TableMapping unqualified = null;
        for (TableMapping candidate : mappings) {
            TableName name = candidate.table();
            if (!name.name().equals(table.name())) {
                continue;
            }
            if (table.schema().equals(name.schema())) {
                return candidate;
            }
            if (!name.isQualified()) {
                unqualified = candidate;
            }
        }
        return unqualified;
    }

    /**
     * True when the driver must look at each row's {@value #TABLE_MARKER} to know which mapping applies (unqualified
     * SQL with at least one schema-qualified candidate).
     */
    public boolean needsTableCheck() {
        return needsTableCheck;
    }

    /**
     * The most rows the statement can return, or -1 when its text does not tell: an {@code INSERT ... VALUES} returns
     * at most one row per VALUES row; an UPDATE or DELETE whose WHERE sets every key column equal to a parameter or
     * literal ({@code WHERE id = ?}) at most one, since a mapping's key identifies a row.
     */
    public int maxRows() {
        return maxRows;
    }

    /** True when the application's SQL has its own RETURNING clause. */
    public boolean applicationReturning() {
        return applicationReturning;
    }

    /** True for an UPDATE whose SET assigns a column used in the key template of any candidate mapping. */
    public boolean keyChange() {
        return !oldKeyColumnNames.isEmpty();
    }

    /** How many old-key columns come before the extra columns; 0 unless {@link #keyChange()}. */
    public int oldKeyColumns() {
        return oldKeyColumnNames.size();
    }

    /** The key-template columns whose old values the old-key columns hold, in order; empty unless {@link #keyChange()}. */
    public List<String> oldKeyColumnNames() {
        return oldKeyColumnNames;
    }

    /** The SQL to execute when the application asked for no generated keys. */
    public String sql() {
        return sql;
    }

    /**
     * The SQL to execute when the application asked for generated keys, the way pgjdbc would: {@code null} (or a
     * single name starting with {@code *}) for {@code RETURN_GENERATED_KEYS}, else the column names, each
     * double-quoted exactly as given. An empty array means no generated keys. When the statement has its own
     * RETURNING the argument is ignored, as pgjdbc ignores it.
     *
     * @throws IllegalArgumentException when a name is null or contains a NUL character
     */
    public String sqlWithGeneratedKeys(String[] columnNames) {
        if (applicationReturning) {
            return sql;
        }
        if (columnNames == null || columnNames.length == 1 && columnNames[0] != null
                && columnNames[0].startsWith("*")) {
            return generatedKeysSql;
        }
        if (columnNames.length == 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * columnNames.length);
        out.append(sql, 0, itemsAt);
        for (String name : columnNames) {
            if (name == null || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("generated key column names must be non-null and free of NUL "
                        + "characters; got " + (name == null ? "null" : "a name containing NUL"));
            }
            out.append(Identifiers.quote(name)).append(", ");
        }
        return out.append(sql, itemsAt, sql.length()).toString();
    }

    @Override
    public String toString() {
        return "WritePlan[" + operation + " " + target + ", mappings=" + mappings.size()
                + ", needsTableCheck=" + needsTableCheck + ", applicationReturning=" + applicationReturning
                + ", oldKeyColumns=" + oldKeyColumnNames + "]";
    }
}
