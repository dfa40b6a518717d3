package io.writethrough.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC with no thought of Redis: the raw arm's code, and the driver arm's, unchanged. */
public final class PlainJdbcItems implements ItemsApplication {

    @Override
    public int insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindNewItem(ps, id);
            return ps.executeUpdate();
        }
    }

    @Override
    public int updateByKey(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_BY_KEY)) {
            ps.setBigDecimal(1, price(id));
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    @Override
    public int fiveStatementTransaction(Connection c, long newId, long a, long b, boolean commit) throws SQLException {
        int count = 0;
        try {
            count += insert(c, newId);
            count += updateByKey(c, a);
            count += updateByKey(c, b);
            try (PreparedStatement ps = c.prepareStatement(UPDATE_NOTE)) {
                ps.setString(1, "checked");
                ps.setLong(2, newId);
                count += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE_BY_KEY)) {
                ps.setLong(1, newId);
                count += ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        if (commit) {
            c.commit();
        } else {
            c.rollback();
        }
        return count;
    }

    @Override
    public int insertBatch(Connection c, long firstId, int rows) throws SQLException {
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < rows; i++) {
                bindNewItem(ps, firstId + i);
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                count += n;
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        c.commit();
        return count;
    }

    /** Reads one item by key; returns its quantity, or -1 when there is no such item. */
    public int selectByKey(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_BY_KEY)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt("qty") + rs.getString("name").length() : -1;
            }
        }
    }

    /** Appends a line to the unmapped {@code audit_log} table in autocommit mode. Returns the update count. */
    public int insertAudit(Connection c, long itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT)) {
            ps.setLong(1, itemId);
            ps.setString(2, "looked at");
            return ps.executeUpdate();
        }
    }

    static void bindNewItem(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, "item " + id);
        ps.setBigDecimal(3, price(id));
        ps.setInt(4, (int) (id % 100));
        ps.setString(5, "new");
    }

    static BigDecimal price(long id) {
        return BigDecimal.valueOf(id % 100_000, 2);
    }
}
