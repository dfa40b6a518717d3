package io.writethrough.jdbc;

import io.writethrough.jdbc.forwarding.ForwardingCallableStatement;
import io.writethrough.sql.AnalyzedStatement;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A callable statement runs as the application prepared it: the driver cannot see what a procedure writes, but when
 * the procedure may write a mapped table (see {@code UnseenWrites}) the call is watched like any statement, and rows
 * written unseen are refused or logged as {@code on.unseen.write} says. Result sets and {@code getConnection()} point
 * back at the wrappers, and so do the refcursors and arrays of OUT parameters ({@link ReboundValues}).
 */
public final class WriteThroughCallableStatement extends ForwardingCallableStatement {

    private final WriteThroughConnection connection;
    private final StatementCore core;
    private final AnalyzedStatement statement;

    WriteThroughCallableStatement(WriteThroughConnection connection, CallableStatement real, String sql) {
        super(real);
        this.connection = connection;
        this.core = new StatementCore(connection, this, real);
        this.statement = connection.context().statement(sql);
        core.use(statement);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        core.results().reset();
        return core.results().wrap(core.passThrough(statement.analysis(), () -> delegate().executeQuery(),
                () -> delegate().getParameterMetaData()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        core.results().reset();
        return core.passThrough(statement.analysis(), () -> delegate().executeLargeUpdate(),
                () -> delegate().getParameterMetaData());
    }

    @Override
    public boolean execute() throws SQLException {
        core.results().reset();
        return core.passThrough(statement.analysis(), () -> delegate().execute(), () -> delegate().getParameterMetaData());
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return core.results().wrap(delegate().getResultSet());
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        return ReboundValues.of(super.getObject(parameterIndex), connection);
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        return ReboundValues.of(super.getObject(parameterName), connection);
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        return ReboundValues.of(super.getObject(parameterIndex, map), connection);
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        return ReboundValues.of(super.getObject(parameterName, map), connection);
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        return ReboundValues.of(super.getObject(parameterIndex, type), type, connection);
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        return ReboundValues.of(super.getObject(parameterName, type), type, connection);
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        return (Array) ReboundValues.of(super.getArray(parameterIndex), connection);
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        return (Array) ReboundValues.of(super.getArray(parameterName), connection);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
