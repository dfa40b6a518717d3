package io.writethrough.dialect;

import io.writethrough.mapping.TableName;
import io.writethrough.sql.WritePlan;
import io.writethrough.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the driver must ask of the database it wraps, beyond running the application's SQL: the catalog, the fate of
 * other transactions, and how column values read as canonical text. One implementation per database; everything
 * outside {@code io.writethrough.dialect} talks to the database's specifics only through this seam. Implementations
 * are thread-safe and may cache catalog answers per {@code database}.
 */
public interface Dialect {

    /** The fate of each transaction of {@code xids} (transaction ids as text); every xid is in the answer. */
    Map<String, TransactionStatus> transactionStatus(Connection real, Set<String> xids) throws SQLException;

    /**
     * An identity of the database's transaction-id space, kept in every ownership mark, so that a driver instance
     * judges only marks whose transaction ids it can ask about. Cached per {@code database}.
     */
    String databaseId(Connection real, String database) throws SQLException;

    /**
     * A query for the committed row a key stands for ({@code keyValues}: the canonical text of the mapping's key
     * columns, in template order), locking it against writers until the transaction ends: at most one row, all
     * columns. Run inside a transaction.
     */
    PreparedStatement lockedRow(Connection real, String database, TableMapping mapping, List<String> keyValues)
            throws SQLException;

    /**
     * A query for the committed rows of many keys at once ({@code keyValues}: per key, the canonical text of its key
     * columns in template order), all columns, each row at most once, locked as {@code lock} says. Rows of keys that
     * have none are simply not there, nor are, with {@link RowLock#SHARE_SKIP_LOCKED}, rows a writer holds.
     */
    PreparedStatement rowsByKey(Connection real, String database, TableMapping mapping, List<List<String>> keyValues,
            RowLock lock) throws SQLException;

    /** How {@link #rowsByKey} locks the rows it reads, until the transaction ends. */
    enum RowLock {
        /** No lock: the committed rows as of the query. */
        NONE,
        /** Share-locked: writers of these rows wait, and the query waits for writers that hold them. */
        SHARE,
        /** Share-locked, skipping (leaving out) rows a writer holds: the query never waits. */
        SHARE_SKIP_LOCKED
    }

    /**
     * A query for every row of the mapping's table: all columns, or only the key template's columns when
     * {@code keyColumnsOnly}; in no particular order. Read it through a cursor (autocommit off and a fetch size) to
     * keep memory bounded.
     */
    PreparedStatement allRows(Connection real, TableMapping mapping, boolean keyColumnsOnly) throws SQLException;

    /**
     * True when {@link #rowPage} can page through the table: it has a unique index on the mapping's key columns, or
     * on some of them. Cached per {@code database}.
     */
    default boolean pageable(Connection real, String database, TableMapping mapping) throws SQLException {
        return false;
    }

    /**
     * A query for the next page of a {@link #pageable} table: its first {@code limit} rows whose key comes after
     * {@code after} (the canonical text of the key columns in template order; null: from the first row) in the index's
     * order, all columns, locked as {@code how} says until the transaction ends ({@link RowLock#SHARE_SKIP_LOCKED}
     * leaves out rows a writer holds).
     */
    default PreparedStatement rowPage(Connection real, String database, TableMapping mapping, List<String> after,
            int limit, RowLock how) throws SQLException {
        throw new SQLFeatureNotSupportedException("writethrough: this database reads no pages of rows");
    }

    /**
     * A query for the keys of a {@link #pageable} table's rows after {@code after} up to and including {@code last}
     * (either null: unbounded), unlocked: the key columns in template order, or with {@code countOnly} only how many
     * rows there are (one row, one column). What a {@link #rowPage} left out is what this finds in its range.
     */
    default PreparedStatement keysInRange(Connection real, String database, TableMapping mapping, List<String> after,
            List<String> last, boolean countOnly) throws SQLException {
        throw new SQLFeatureNotSupportedException("writethrough: this database reads no pages of rows");
    }

    /**
     * In the transaction under way on {@code real}, takes the table lock that share-locking the table's rows takes,
     * waiting {@code limit} at most (then SQLState {@code 55P03}); row locks are then waited for as usual. Any setting
     * it needs is the transaction's own, never the session's (as {@link #commitLockOnly}). By default it takes nothing
     * and the rows' query takes the table lock, waiting as long as it must.
     */
    default void lockTableWithin(Connection real, TableMapping mapping, Duration limit) throws SQLException {
    }

    /**
     * True when another session waits for a lock that the transaction under way on {@code real} holds (or is queued
     * behind it): the audit's cursor asks between chunks, so that it does not hold a table-wide lock request (and
     * the queries queued behind that) for a whole pass. By default, false.
     */
    default boolean holdsUpALockRequest(Connection real) throws SQLException {
        return false;
    }

    /**
     * Commits a transaction that only read and share-locked rows (the audit's): it need not wait for its commit to be
     * durable, since a lock transaction lost in a crash loses nothing. Whatever makes it so is the transaction's own,
     * never the session's: behind a transaction pooler (PgBouncer) a session setting would pass to the next client.
     */
    default void commitLockOnly(Connection real) throws SQLException {
        real.commit();
    }

    /** The table's row count as the catalog's statistics estimate it (no scan), or -1 when it has none. */
    long estimatedRows(Connection real, TableMapping mapping) throws SQLException;

    /** True when {@code e} says the current transaction has failed and answers nothing until it ends. */
    boolean isFailedTransaction(SQLException e);

    /** Runs a statement that fails exactly when the current transaction has failed; see {@link #isFailedTransaction}. */
    void probeTransaction(Connection real) throws SQLException;

    /**
     * True when the current transaction has failed, so that a COMMIT would roll it back (PostgreSQL does so without an
     * error, and pgjdbc, by default, too). This default asks the server ({@link #probeTransaction}).
     */
    default boolean transactionFailed(Connection real) throws SQLException {
        try {
            probeTransaction(real);
            return false;
        } catch (SQLException e) {
            if (isFailedTransaction(e)) {
                return true;
            }
            throw e;
        }
    }

    /** The table a returned row came from, by the table id the driver's RETURNING carries. */
    TableName tableOf(Connection real, String database, long tableId) throws SQLException;

    /**
     * Refuses, before it runs, a key-changing UPDATE whose old rows cannot be told apart by its key columns (not all
     * NOT NULL, or no primary key or unique index among them).
     */
    void checkKeyChange(Connection real, String database, WritePlan plan) throws SQLException;

    /**
     * Checks, once per table and database, that every column a mapping names (key template placeholders and
     * {@code columns}) exists; refuses the statement with a message naming the mapping key otherwise.
     */
    void checkMapping(Connection real, String database, WritePlan plan) throws SQLException;

    /**
     * Where in {@code database} statements can write mapped tables unseen (functions, triggers, foreign-key actions),
     * read from the catalog and cached per database for a while; {@link WriteReach#NONE} when nowhere.
     */
    WriteReach writeReach(Connection real, String database, List<TableMapping> mappings) throws SQLException;

    /** Forgets what {@link #writeReach} read of {@code database}: the driver just ran DDL there. */
    void forgetWriteReach(String database);

    /**
     * A query turning key values in the database's own text form ({@code databaseTexts}: per key, its key columns in
     * template order) into one row per key whose columns are the mapping's key columns, typed and named as the table
     * has them, so that they read as canonical text.
     */
    PreparedStatement keyRows(Connection real, String database, TableMapping mapping, List<List<String>> databaseTexts)
            throws SQLException;

    /** How the column of a returned row becomes canonical text and JSON. */
    ColumnCodec codec(ResultSetMetaData metaData, int column) throws SQLException;

    /**
     * The tables the columns of a result set were read from, each once; with its schema where the database says it
     * (unqualified otherwise). Computed columns name none.
     */
    List<TableName> baseTables(ResultSetMetaData metaData) throws SQLException;
}
