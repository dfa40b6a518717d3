package io.writethrough.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC. The only changes to an application: the URL starts with {@code jdbc:writethrough:}, and a
 * {@code writethrough.properties} mapping tables to keys is on the classpath (here: {@code src/main/resources}).
 * Run it with a URL as its argument, e.g. {@code jdbc:writethrough:postgresql://localhost:5432/postgres?user=postgres}.
 */
public final class PlainJdbcExample {

    private PlainJdbcExample() {
    }

    public static void main(String[] args) throws SQLException {
        String url = args.length > 0 ? args[0] : "jdbc:writethrough:postgresql://localhost:5432/postgres?user=postgres";
        long id = run(url);
        System.out.println("Written through: HGETALL customer:" + id);
    }

    /** Registers a customer, tops up the credits (committed), then tries a top-up that rolls back. Returns the id. */
    static long run(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS customers ("
                        + "id serial PRIMARY KEY, name text NOT NULL, credits int NOT NULL DEFAULT 0)");
            }

            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO customers (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "Grace");
                insert.executeUpdate();                   // Redis: customer:<id> = {id, name: Grace, credits: 0}
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong("id");
                }
            }

            connection.setAutoCommit(false);
            try (PreparedStatement topUp = connection.prepareStatement(
                    "UPDATE customers SET credits = credits + ? WHERE id = ?")) {
                topUp.setInt(1, 50);
                topUp.setLong(2, id);
                topUp.executeUpdate();                    // Redis already holds credits: 50, before the commit
                connection.commit();

                topUp.setInt(1, 1_000);
                topUp.executeUpdate();                    // credits: 1050 in Redis, for now
                connection.rollback();                    // Redis back to credits: 50
            }
            return id;
        }
    }
}
