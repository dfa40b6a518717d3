package io.writethrough.dialect.postgres;

import io.writethrough.dialect.ColumnCodec;
import io.writethrough.dialect.Dialect;
import io.writethrough.dialect.TransactionStatus;
import io.writethrough.dialect.WriteReach;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.sql.WritePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** PostgreSQL: {@code txid_status}, {@code tableoid}, the catalog, and canonical text as pgjdbc reads it. */
public final class PostgresDialect implements Dialect {

    /** PostgreSQL's "current transaction is aborted, commands ignored until end of transaction block". */
    private static final String IN_FAILED_TRANSACTION = "25P02";

    private final TableOids tableOids = new TableOids();
    private final KeyColumnCheck keyColumnCheck = new KeyColumnCheck();
    private final MappingCheck mappingCheck = new MappingCheck();
    private final RowLocks rowLocks = new RowLocks();
    private final WriteReachCatalog writeReaches = new WriteReachCatalog();
    private final KeyPages keyPages = new KeyPages(rowLocks);
    private final ConcurrentHashMap<String, String> databaseIds = new ConcurrentHashMap<>();

    @Override
    public Map<String, TransactionStatus> transactionStatus(Connection real, Set<String> xids) throws SQLException {
        Map<String, TransactionStatus> statuses = new HashMap<>();
        try (PreparedStatement query = real.prepareStatement(
                "SELECT x::text, pg_catalog.txid_status(x) FROM unnest(?::bigint[]) AS x")) {
            query.setArray(1, real.createArrayOf("int8", xids.stream().map(Long::valueOf).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(2);
                    statuses.put(rs.getString(1), status == null ? TransactionStatus.UNKNOWN : switch (status) {
                        case "committed" -> TransactionStatus.COMMITTED;
                        case "aborted" -> TransactionStatus.ABORTED;
                        case "in progress" -> TransactionStatus.IN_PROGRESS;
                        default -> TransactionStatus.UNKNOWN;
                    });
                }
            }
        }
        return statuses;
    }

    /** The cluster's system identifier: transaction ids are numbered per cluster. */
    @Override
    public String databaseId(Connection real, String database) throws SQLException {
        String id = databaseIds.get(database);
        if (id == null) {
            try (Statement query = real.createStatement();
                    ResultSet rs = query.executeQuery("SELECT system_identifier::text FROM pg_catalog.pg_control_system()")) {
                rs.next();
                id = rs.getString(1);
            }
            databaseIds.put(database, id);
        }
        return id;
    }

    @Override
    public PreparedStatement lockedRow(Connection real, String database, TableMapping mapping, List<String> keyValues)
            throws SQLException {
        return rowLocks.lockedRow(real, database, mapping, keyValues);
    }

    @Override
    public PreparedStatement rowsByKey(Connection real, String database, TableMapping mapping, List<List<String>> keyValues,
            RowLock lock) throws SQLException {
        return rowLocks.rowsByKey(real, database, mapping, keyValues, lock);
    }

    @Override
    public PreparedStatement allRows(Connection real, TableMapping mapping, boolean keyColumnsOnly) throws SQLException {
        String columns = "*";
        if (keyColumnsOnly) {
            StringBuilder names = new StringBuilder();
            for (String column : mapping.key().columns()) {
                names.append(names.length() > 0 ? ", " : "").append('"').append(column.replace("\"", "\"\"")).append('"');
            }
            columns = names.toString();
        }
        return real.prepareStatement("SELECT " + columns + " FROM " + quoted(mapping.table()));
    }

    @Override
    public boolean pageable(Connection real, String database, TableMapping mapping) throws SQLException {
        return keyPages.pageable(real, database, mapping);
    }

    @Override
    public PreparedStatement rowPage(Connection real, String database, TableMapping mapping, List<String> after,
            int limit, RowLock how) throws SQLException {
        return keyPages.page(real, database, mapping, after, limit, how);
    }

    @Override
    public PreparedStatement keysInRange(Connection real, String database, TableMapping mapping, List<String> after,
            List<String> last, boolean countOnly) throws SQLException {
        return keyPages.keys(real, database, mapping, after, last, countOnly);
    }

    @Override
    public void lockTableWithin(Connection real, TableMapping mapping, Duration limit) throws SQLException {
        try (Statement lock = real.createStatement()) {
            // One round trip; the session's own lock_timeout again for the row locks that follow.
            lock.execute("SET LOCAL lock_timeout = " + limit.toMillis() + "; LOCK TABLE " + quoted(mapping.table())
                    + " IN ROW SHARE MODE; SET LOCAL lock_timeout TO DEFAULT");
        }
    }

    @Override
    public boolean holdsUpALockRequest(Connection real) throws SQLException {
        // Waits for a table's (or index's) lock only: a CREATE INDEX CONCURRENTLY anywhere waits for every older
        // snapshot's virtual transaction, this one's too, yet holds up no query. pg_blocking_pids is computed only for
        // the sessions that wait, usually none.
        try (Statement query = real.createStatement(); ResultSet rs = query.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE NOT granted AND locktype = 'relation'"
                        + " AND pg_catalog.pg_backend_pid() = ANY (pg_catalog.pg_blocking_pids(pid)))")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public void commitLockOnly(Connection real) throws SQLException {
        try (Statement commit = real.createStatement()) {
            // LOCAL: this commit returns before the WAL is flushed, and the session keeps its own setting. Both in one
            // round trip, as commit() would take; pgjdbc begins the next transaction as after commit().
            commit.execute("SET LOCAL synchronous_commit = off; COMMIT");
        }
    }

    @Override
    public long estimatedRows(Connection real, TableMapping mapping) throws SQLException {
        // reltuples is -1 for a table never vacuumed or analysed (PostgreSQL 14 and later), 0 before that.
        try (PreparedStatement query = real.prepareStatement(
                "SELECT reltuples::bigint FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass(?)")) {
            query.setString(1, quoted(mapping.table()));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0 ? rs.getLong(1) : -1;
            }
        }
    }

    @Override
    public boolean isFailedTransaction(SQLException e) {
        return IN_FAILED_TRANSACTION.equals(e.getSQLState());
    }

    @Override
    public void probeTransaction(Connection real) throws SQLException {
        try (Statement probe = real.createStatement()) {
            probe.execute("SELECT 1");
        }
    }

    /** From pgjdbc's own bookkeeping when the connection is pgjdbc's (no round trip), else by asking the server. */
    @Override
    public boolean transactionFailed(Connection real) throws SQLException {
        Boolean failed = TransactionState.failed(real);
        return failed != null ? failed : Dialect.super.transactionFailed(real);
    }

    @Override
    public TableName tableOf(Connection real, String database, long tableId) throws SQLException {
        return tableOids.resolve(real, database, tableId);
    }

    @Override
    public void checkKeyChange(Connection real, String database, WritePlan plan) throws SQLException {
        keyColumnCheck.verify(real, database, plan);
    }

    @Override
    public void checkMapping(Connection real, String database, WritePlan plan) throws SQLException {
        mappingCheck.verify(real, database, plan);
    }

    @Override
    public WriteReach writeReach(Connection real, String database, List<TableMapping> mappings) throws SQLException {
        return writeReaches.reach(real, database, mappings);
    }

    @Override
    public void forgetWriteReach(String database) {
        writeReaches.forget(database);
    }

    @Override
    public PreparedStatement keyRows(Connection real, String database, TableMapping mapping,
            List<List<String>> databaseTexts) throws SQLException {
        return rowLocks.keyRows(real, database, mapping, databaseTexts);
    }

    @Override
    public ColumnCodec codec(ResultSetMetaData metaData, int column) throws SQLException {
        return ColumnType.of(metaData, column);
    }

    @Override
    public List<TableName> baseTables(ResultSetMetaData metaData) throws SQLException {
        return BaseTables.of(metaData);
    }

    /** {@code "schema"."name"}, or {@code "name"} when unqualified: a text {@code to_regclass} resolves as the SQL would. */
    static String quoted(TableName table) {
        String name = '"' + table.name().replace("\"", "\"\"") + '"';
        return table.schema() == null ? name : '"' + table.schema().replace("\"", "\"\"") + "\"." + name;
    }
}
