package io.writethrough.topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Run by {@link TlsAclTest} in a JVM whose trust store holds the test CA: writes, rolls back and commits through the
 * driver over TLS as an ACL user, then tries a write with a wrong password. Prints what happened; exit 0 when every
 * step went as expected.
 */
public final class TlsScenario {

    private TlsScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        try (Connection c = connect(url, args[1]); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO accounts SELECT g, g * 10 FROM generate_series(1, 5) g");
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = -1 WHERE id <= 3");
            c.rollback();
            st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 5");
            c.commit();
            System.out.println("WROTE over TLS");
        }
        try (Connection c = connect(url, args[2]); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1");
            System.out.println("UNEXPECTED: a write with a wrong password succeeded");
            System.exit(1);
        } catch (SQLException e) {
            System.out.println("REFUSED " + e.getSQLState() + " " + e.getMessage());
        }
        System.exit(0);
    }

    private static Connection connect(String url, String config) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", config);
        return DriverManager.getConnection(url, properties);
    }
}
