package io.writethrough.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One idle application instance, for {@code scripts/sweep-cost.sh}: opens one connection through the driver (which
 * starts the configuration's recovery: its first sweep, then the timer), runs one query, holds the connection for the
 * given time and closes it. What it costs Redis meanwhile is the recovery sweeps'.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.writethrough.benchmarks.IdleInstance <jdbc:writethrough:…
 * URL> <writethrough.properties> <seconds>}
 */
public final class IdleInstance {

    private IdleInstance() {
    }

    public static void main(String[] args) throws SQLException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: IdleInstance <jdbc:writethrough: URL> <writethrough.properties> <seconds>");
            System.exit(2);
        }
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", args[1]);
        try (Connection connection = DriverManager.getConnection(args[0], properties);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            // Idle on purpose: the instance's recovery timer runs meanwhile.
            TimeUnit.SECONDS.sleep(Long.parseLong(args[2]));
        }
    }
}
