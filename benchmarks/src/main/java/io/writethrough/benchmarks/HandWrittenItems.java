package io.writethrough.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The same operations as {@link PlainJdbcItems}, with the application keeping Redis in step itself, correctly: every
 * write runs in a transaction, asks for its rows with RETURNING, writes them to Redis ({@link HandWrittenWriteThrough})
 * after each statement, and commits only then. On rollback it deletes the keys it wrote before rolling back the
 * database (a cache miss instead of a value that was never committed).
 */
public final class HandWrittenItems implements ItemsApplication {

    private final HandWrittenWriteThrough cache;
    /** A transaction's Redis commands go in one pipeline, read once before the commit. */
    private final boolean pipelined;

    public HandWrittenItems(HandWrittenWriteThrough cache) {
        this(cache, false);
    }

    /** @param pipelined a five-statement transaction reads its Redis replies once, before its commit */
    public HandWrittenItems(HandWrittenWriteThrough cache, boolean pipelined) {
        this.cache = cache;
        this.pipelined = pipelined;
    }

    @Override
    public int insert(Connection c, long id) throws SQLException {
        return inTransaction(c, written -> insert(c, id, written));
    }

    @Override
    public int updateByKey(Connection c, long id) throws SQLException {
        return inTransaction(c, written -> updateByKey(c, id, written));
    }

    @Override
    public int fiveStatementTransaction(Connection c, long newId, long a, long b, boolean commit) throws SQLException {
        List<String> written = new ArrayList<>();
        int count = 0;
        if (pipelined) {
            cache.begin();
        }
        try {
            count += insert(c, newId, written);
            count += updateByKey(c, a, written);
            count += updateByKey(c, b, written);
            try (PreparedStatement ps = c.prepareStatement(UPDATE_NOTE + " RETURNING *")) {
                ps.setString(1, "checked");
                ps.setLong(2, newId);
                count += put(ps, written);
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_BY_KEY + " RETURNING id");
                 ResultSet rows = executeQuery(ps, newId)) {
                List<String> deleted = cache.delete(rows);
                written.addAll(deleted);
                count += deleted.size();
            }
            cache.sync();
        } catch (SQLException | RuntimeException e) {
            rollback(c, written);
            throw e;
        }
        if (commit) {
            c.commit();
        } else {
            rollback(c, written);
        }
        return count;
    }

    @Override
    public int insertBatch(Connection c, long firstId, int rows) throws SQLException {
        List<String> written = new ArrayList<>();
        int count = 0;
        // pgjdbc appends RETURNING * for RETURN_GENERATED_KEYS and hands every row back through getGeneratedKeys().
        try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < rows; i++) {
                PlainJdbcItems.bindNewItem(ps, firstId + i);
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                count += n;
            }
            try (ResultSet returned = ps.getGeneratedKeys()) {
                written.addAll(cache.put(returned));
            }
        } catch (SQLException | RuntimeException e) {
            rollback(c, written);
            throw e;
        }
        c.commit();
        return count;
    }

    @Override
    public void close() {
        cache.close();
    }

    private int insert(Connection c, long id, List<String> written) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT + " RETURNING *")) {
            PlainJdbcItems.bindNewItem(ps, id);
            return put(ps, written);
        }
    }

    private int updateByKey(Connection c, long id, List<String> written) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_BY_KEY + " RETURNING *")) {
            ps.setBigDecimal(1, PlainJdbcItems.price(id));
            ps.setLong(2, id);
            return put(ps, written);
        }
    }

    /** Runs the statement, writes its rows through and returns how many there were. */
    private int put(PreparedStatement ps, List<String> written) throws SQLException {
        try (ResultSet rows = ps.executeQuery()) {
            List<String> keys = cache.put(rows);
            written.addAll(keys);
            return keys.size();
        }
    }

    private static ResultSet executeQuery(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        return ps.executeQuery();
    }

    /** One statement in autocommit mode: its own transaction, committed after Redis has the rows. */
    private int inTransaction(Connection c, Work work) throws SQLException {
        List<String> written = new ArrayList<>();
        c.setAutoCommit(false);
        try {
            int count = work.run(written);
            c.commit();
            return count;
        } catch (SQLException | RuntimeException e) {
            rollback(c, written);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void rollback(Connection c, List<String> written) throws SQLException {
        try {
            cache.sync();
            cache.delete(written);
        } finally {
            c.rollback();
        }
    }

    @FunctionalInterface
    private interface Work {
        int run(List<String> written) throws SQLException;
    }
}
