package io.writethrough.jdbc.rows;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The metadata of the first {@code columnCount} columns of a result set: columns past that count (ones the
 * driver added to the application's RETURNING list) do not exist here; every other call goes to the source.
 */
final class ProjectedResultSetMetaData implements ResultSetMetaData {

    private final ResultSetMetaData source;
    private final int columnCount;

    /** {@code source} may be null only when {@code columnCount} is 0. */
    ProjectedResultSetMetaData(ResultSetMetaData source, int columnCount) {
        if (source == null && columnCount != 0) {
            throw new IllegalArgumentException("source metadata is required for " + columnCount + " columns");
        }
        this.source = source;
        this.columnCount = columnCount;
    }

    private ResultSetMetaData column(int column) throws SQLException {
        if (column < 1 || column > columnCount) {
            throw MaterializedResultSet.columnOutOfRange(column, columnCount);
        }
        return source;
    }

    @Override
    public int getColumnCount() {
        return columnCount;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).isAutoIncrement(column);
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).isCaseSensitive(column);
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return column(column).isSearchable(column);
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return column(column).isCurrency(column);
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).isNullable(column);
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).isSigned(column);
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).getColumnDisplaySize(column);
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).getColumnLabel(column);
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).getColumnName(column);
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).getSchemaName(column);
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).getPrecision(column);
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).getScale(column);
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).getTableName(column);
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).getCatalogName(column);
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).getColumnType(column);
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).getColumnTypeName(column);
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return column(column).isReadOnly(column);
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return column(column).isWritable(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return column(column).isDefinitelyWritable(column);
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return column(column).getColumnClassName(column);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Cannot unwrap " + getClass().getName() + " to " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
