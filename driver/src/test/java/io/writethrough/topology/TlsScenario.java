package io.writethrough.topology;

import io.writethrough.testing.Poll;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;

/**
 * Run by {@link TlsAclTest} in a JVM whose trust store holds the test CA: writes, rolls back and commits through the
 * driver over TLS as an ACL user; has the server close the driver's idle connection ({@code CLIENT KILL}, as a restart
 * would) and writes again, which must not fail; then tries a write with a wrong password. Prints what happened; exit 0
 * when every step went as expected. Arguments: JDBC URL, good and wrong configuration files, Redis port, user,
 * password.
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

            // Once the commit's marks are released (in the background, on a pooled connection), the server closes
            // every connection but this one: the driver's pooled connection, idle now.
            long closed;
            try (Jedis admin = new Jedis(new HostAndPort("127.0.0.1", Integer.parseInt(args[3])),
                    DefaultJedisClientConfig.builder().ssl(true).user(args[4]).password(args[5]).build())) {
                Poll.until("the commit's marks to be released", Duration.ofSeconds(10),
                        () -> admin.keys("writethrough:own:*").isEmpty() ? null : "marks left");
                closed = admin.clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(SkipMe.YES));
            }
            try {
                st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 4");
                c.commit();
                System.out.println("WROTE after the server closed " + (closed > 0 ? "the" : "no") + " idle connections");
            } catch (SQLException e) {
                System.out.println("FAILED after the server closed " + closed + " idle connection(s): "
                        + e.getSQLState() + " " + e.getMessage());
                System.exit(1);
            }
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
