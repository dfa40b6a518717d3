package io.writethrough.jdbc;

import io.writethrough.jdbc.rows.MaterializedResultSet;
import io.writethrough.write.SqlStates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a statement wrapper answers from getResultSet, getUpdateCount, getMoreResults and
 * getGeneratedKeys. After a planned execution the real statement was run with generated keys
 * requested (to receive the RETURNING rows the driver added), so these answers are rebuilt from what
 * the application would have seen without the driver; after a pass-through execution the real
 * statement answers, with result sets wrapped so that {@code getStatement()} is the wrapper and a row change through
 * an updatable one is checked first ({@link StatementCore#refuseRowChange}). Every result set handed out rebinds the
 * refcursors and arrays read from it ({@link ReboundValues}).
 */
final class StatementResults {

    private final WriteThroughConnection connection;
    private final Statement owner;
    private final Statement real;
    private final RowChangeCheck rowChanges;
    /**
     * {@link Statement#closeOnCompletion()}, kept here rather than on the real statement: there the driver's own
     * reading of the returned rows would close the statement under the application.
     */
    private boolean closeOnCompletion;
    private boolean planned;
    /** The planned statement carried its own RETURNING: execute() reported a result set. */
    private boolean ownRows;
    /** The planned execution's own RETURNING rows, as the application gets them (refcursors and arrays rebound). */
    private ResultSet resultSet;
    private boolean moved;
    /** The planned execution's generated keys, as the application gets them. */
    private ResultSet generatedKeys;
    /** What the planned execution reported as its update count. */
    private long updateCount;

    /** Refuses a row change through an updatable result set when it would write a mapped table unseen. */
    @FunctionalInterface
    interface RowChangeCheck {
        void check(ResultSet real, String method) throws SQLException;
    }

    StatementResults(WriteThroughConnection connection, Statement owner, Statement real, RowChangeCheck rowChanges) {
        this.connection = connection;
        this.owner = owner;
        this.real = real;
        this.rowChanges = rowChanges;
    }

    /** Before every execution. */
    void reset() throws SQLException {
        planned = false;
        ownRows = false;
        moved = false;
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        generatedKeys = null;
    }

    /**
     * Records a planned execution.
     *
     * @param ownRows       the rows of the application's own RETURNING, or null
     * @param generatedKeys the rows the application asked for as generated keys, or null
     * @param updateCount   the execution's update count, as pgjdbc would report it without the driver
     */
    void planned(MaterializedResultSet ownRows, MaterializedResultSet generatedKeys, long updateCount) {
        if (ownRows != null) {
            ownRows.whenClosed(this::resultClosed);
        }
        if (generatedKeys != null) {
            generatedKeys.whenClosed(this::resultClosed);
        }
        this.planned = true;
        this.updateCount = updateCount;
        this.ownRows = ownRows != null;
        this.resultSet = handOut(ownRows);
        this.generatedKeys = handOut(generatedKeys);
    }

    private ResultSet handOut(MaterializedResultSet rows) {
        return rows == null ? null : new ReboundValues.Rows(rows, connection, owner);
    }

    ResultSet resultSet() throws SQLException {
        if (!planned) {
            return wrap(real.getResultSet());
        }
        return moved ? null : resultSet;
    }

    long updateCount() throws SQLException {
        if (!planned) {
            return real.getLargeUpdateCount();
        }
        // pgjdbc reports -1 for a statement that returned rows, and -1 once the results are used up.
        return ownRows || moved ? -1 : updateCount;
    }

    boolean moreResults(int current) throws SQLException {
        if (!planned) {
            return real.getMoreResults(current);
        }
        if (resultSet != null && current != Statement.KEEP_CURRENT_RESULT) {
            resultSet.close();
        }
        resultSet = null;
        moved = true;
        return false;
    }

    ResultSet generatedKeys() throws SQLException {
        if (!planned) {
            return wrap(real.getGeneratedKeys());
        }
        return generatedKeys != null ? generatedKeys : MaterializedResultSet.empty(owner);
    }

    ResultSet wrap(ResultSet real) {
        if (real == null) {
            return null;
        }
        return new ReboundValues.Rows(real, connection, owner) {
            @Override
            public void updateRow() throws SQLException {
                rowChanges.check(delegate(), "updateRow");
                super.updateRow();
            }

            @Override
            public void insertRow() throws SQLException {
                rowChanges.check(delegate(), "insertRow");
                super.insertRow();
            }

            @Override
            public void deleteRow() throws SQLException {
                rowChanges.check(delegate(), "deleteRow");
                super.deleteRow();
            }

            @Override
            public void close() throws SQLException {
                boolean wasOpen = !delegate().isClosed();
                super.close();
                if (wasOpen) {
                    resultClosed();
                }
            }
        };
    }

    void closeOnCompletion() throws SQLException {
        checkOwnerOpen();
        closeOnCompletion = true;
    }

    boolean isCloseOnCompletion() throws SQLException {
        checkOwnerOpen();
        return closeOnCompletion;
    }

    private void checkOwnerOpen() throws SQLException {
        if (owner.isClosed()) {
            throw new SQLException("This statement has been closed.", SqlStates.OBJECT_NOT_IN_STATE);
        }
    }

    /** A result set the application was given is closed: with close-on-completion, so is the statement. */
    private void resultClosed() throws SQLException {
        if (closeOnCompletion && !owner.isClosed()) {
            owner.close();
        }
    }
}
