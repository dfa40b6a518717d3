package io.writethrough.jdbc;

import io.writethrough.jdbc.forwarding.ForwardingCallableStatement;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A callable statement passes through: what a procedure writes is invisible to the driver (see the
 * README's limits). Only {@code getConnection()} and result sets point back at the wrappers.
 */
public final class WriteThroughCallableStatement extends ForwardingCallableStatement {

    private final WriteThroughConnection connection;
    private final StatementResults results;

    WriteThroughCallableStatement(WriteThroughConnection connection, CallableStatement real) {
        super(real);
        this.connection = connection;
        this.results = new StatementResults(this, real);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return results.wrap(delegate().executeQuery());
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return results.wrap(delegate().getResultSet());
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
