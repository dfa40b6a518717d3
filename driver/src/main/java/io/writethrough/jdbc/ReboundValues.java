package io.writethrough.jdbc;

import io.writethrough.jdbc.forwarding.ForwardingArray;
import io.writethrough.jdbc.forwarding.ForwardingResultSet;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Rows and values that pgjdbc makes on statements of its own, bound again to the driver's connection. The rows of a
 * refcursor ({@code getObject} of a refcursor column or OUT parameter), of an {@link Array}
 * ({@code getResultSet}) and of {@link java.sql.DatabaseMetaData} answer {@code getStatement()} with a pgjdbc
 * statement, whose {@code getConnection()} is pgjdbc's: SQL run there would bypass the driver and leave entries
 * stale, unseen by every check. Rebound, that statement is a {@link WriteThroughStatement} on the driver's connection,
 * and the refcursors and arrays read from those rows are rebound in turn.
 */
final class ReboundValues {

    private ReboundValues() {
    }

    /** A refcursor's rows or an array, rebound; any other value as it is. */
    static Object of(Object value, WriteThroughConnection connection) {
        if (value instanceof ResultSet rows && !(rows instanceof Rows)) {
            return new Rows(rows, connection, null);
        }
        if (value instanceof Array array && !(array instanceof Elements)) {
            return new Elements(array, connection);
        }
        return value;
    }

    /** As {@link #of(Object, WriteThroughConnection)}, where the caller asked for a type the rebound value may not be. */
    static <T> T of(T value, Class<T> type, WriteThroughConnection connection) {
        Object rebound = of(value, connection);
        return type.isInstance(rebound) ? type.cast(rebound) : value;
    }

    /** Rows whose statement is the driver's and whose refcursor and array values are rebound. */
    static class Rows extends ForwardingResultSet {

        private final WriteThroughConnection connection;
        private Statement statement;

        /**
         * @param statement what {@link #getStatement()} answers; null: a {@link WriteThroughStatement} around the
         *                  rows' own statement, made when first asked
         */
        Rows(ResultSet real, WriteThroughConnection connection, Statement statement) {
            super(real);
            this.connection = connection;
            this.statement = statement;
        }

        @Override
        public Statement getStatement() throws SQLException {
            if (statement == null) {
                Statement real = delegate().getStatement();
                statement = real == null ? null : new WriteThroughStatement(connection, real);
            }
            return statement;
        }

        @Override
        public Object getObject(int columnIndex) throws SQLException {
            return of(super.getObject(columnIndex), connection);
        }

        @Override
        public Object getObject(String columnLabel) throws SQLException {
            return of(super.getObject(columnLabel), connection);
        }

        @Override
        public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
            return of(super.getObject(columnIndex, map), connection);
        }

        @Override
        public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
            return of(super.getObject(columnLabel, map), connection);
        }

        @Override
        public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
            return of(super.getObject(columnIndex, type), type, connection);
        }

        @Override
        public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
            return of(super.getObject(columnLabel, type), type, connection);
        }

        @Override
        public Array getArray(int columnIndex) throws SQLException {
            return (Array) of(super.getArray(columnIndex), connection);
        }

        @Override
        public Array getArray(String columnLabel) throws SQLException {
            return (Array) of(super.getArray(columnLabel), connection);
        }
    }

    /** An array whose rows are rebound. */
    private static final class Elements extends ForwardingArray {

        private final WriteThroughConnection connection;

        Elements(Array real, WriteThroughConnection connection) {
            super(real);
            this.connection = connection;
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            return rows(super.getResultSet());
        }

        @Override
        public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
            return rows(super.getResultSet(map));
        }

        @Override
        public ResultSet getResultSet(long index, int count) throws SQLException {
            return rows(super.getResultSet(index, count));
        }

        @Override
        public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
            return rows(super.getResultSet(index, count, map));
        }

        /**
         * pgjdbc binds an {@link Array} that is not its own ({@code setArray}, {@code setObject}) as the array literal its
         * {@code toString()} gives, which for pgjdbc's arrays is the value.
         */
        @Override
        public String toString() {
            return delegate().toString();
        }

        private ResultSet rows(ResultSet real) {
            return real == null ? null : new Rows(real, connection, null);
        }
    }
}
