package io.writethrough.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh schema {@code wt_<random>} in the shared PostgreSQL, for one test: created on {@link #create()},
 * dropped with {@code CASCADE} on {@link #close()}. {@link #jdbcUrl()} makes it the connection's
 * {@code search_path}, so unqualified table names land in it.
 *
 * <p>In JUnit tests, take it as a parameter with {@link WriteThroughServices}; elsewhere use
 * {@code try (TestDatabase db = TestDatabase.create()) { … }}.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String LOCK_TIMEOUT = "10s";

    private final PostgresService postgres;
    private final String schema;
    private final String jdbcUrl;
    private final List<Connection> handedOut = new ArrayList<>();
    private boolean closed;

    private TestDatabase(PostgresService postgres, String schema) {
        this.postgres = postgres;
        this.schema = schema;
        this.jdbcUrl = JdbcUrl.withParameter(postgres.jdbcUrl(), "currentSchema", schema);
    }

    /** Creates a new schema in the shared PostgreSQL ({@link ServiceResolver#postgres()}). */
    public static TestDatabase create() {
        return create(ServiceResolver.postgres());
    }

    /** Creates a new schema in the given PostgreSQL. */
    public static TestDatabase create(PostgresService postgres) {
        TestDatabase database = new TestDatabase(postgres, "wt_" + RandomNames.of(12));
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + database.schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + database.schema + " in PostgreSQL at "
                    + postgres.address() + ": " + e.getMessage(), e);
        }
        return database;
    }

    /** The schema's name, {@code wt_} and 12 random lower-case letters or digits; needs no quoting. */
    public String schema() {
        return schema;
    }

    /** The real {@code jdbc:postgresql://…} URL with {@code currentSchema=<schema>} added. Carries credentials: do not log it. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** {@link #jdbcUrl()} with its leading {@code jdbc:} replaced by {@code jdbc:writethrough:}. */
    public String writeThroughUrl() {
        return JdbcUrl.writeThrough(jdbcUrl);
    }

    /** The PostgreSQL this schema lives in. */
    public PostgresService postgres() {
        return postgres;
    }

    /**
     * A new raw pgjdbc connection whose {@code search_path} is this schema. Connections still open when the
     * database is closed are closed then.
     */
    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl);
        synchronized (handedOut) {
            handedOut.add(connection);
        }
        return connection;
    }

    /** Runs each statement in order on a fresh auto-commit connection, e.g. setup DDL. */
    public void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new IllegalStateException("setup SQL failed in schema " + schema + ": " + e.getMessage()
                            + "\n  SQL: " + each, e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to PostgreSQL at " + postgres.address() + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query and returns its rows in order, each a column label → {@code getObject} value map in column order. */
    public List<Map<String, Object>> queryRows(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed in schema " + schema + ": " + e.getMessage() + "\n  SQL: " + sql, e);
        }
    }

    /**
     * Closes the connections {@link #connect()} handed out and drops the schema with {@code CASCADE}.
     * A session that still holds a lock in the schema makes the drop fail after 10 s instead of hanging.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (handedOut) {
            for (Connection connection : handedOut) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Closing a broken connection is allowed to fail; the drop below is what matters.
                }
            }
            handedOut.clear();
        }
        try (Connection admin = postgres.connect(); Statement statement = admin.createStatement()) {
            statement.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop schema " + schema + " (SQLState " + e.getSQLState()
                    + "; is a connection of the test still open inside a transaction?): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + schema + " at " + postgres.address() + "]";
    }
}
