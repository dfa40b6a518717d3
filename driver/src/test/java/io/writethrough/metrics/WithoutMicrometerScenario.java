package io.writethrough.metrics;

import io.writethrough.jdbc.WriteThroughDataSource;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.jdbc.WriteThroughHealth;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The driver's ordinary work in a JVM whose classpath lacks Micrometer: writes, a rollback, a refused statement, a
 * data source, a recovery sweep. Arguments: the {@code jdbc:writethrough:} URL and the mapping file (table
 * {@code items}). Also the health check: empty before any configuration is in use, up while one is. Prints
 * {@code OK} and exits 0 when all of it worked; anything thrown fails the run.
 */
public final class WithoutMicrometerScenario {

    private WithoutMicrometerScenario() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            throw new IllegalStateException("Micrometer is on this JVM's classpath");
        } catch (ClassNotFoundException expected) {
            // As the scenario needs.
        }
        if (!WriteThroughHealth.check().isEmpty()) {
            throw new IllegalStateException("health entries before any configuration was used");
        }
        String url = args[0];
        Properties settings = new Properties();
        settings.setProperty("writethrough.config", args[1]);
        try (Connection c = DriverManager.getConnection(url, settings); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
            st.executeUpdate("UPDATE items SET name = 'x' WHERE id = 1");
            st.executeUpdate("DELETE FROM items WHERE id = 2");
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE items SET name = 'rolled back' WHERE id = 1");
            c.rollback();
            try {
                st.execute("MERGE INTO items i USING (SELECT 1 AS id) s ON i.id = s.id WHEN MATCHED THEN DELETE");
                throw new IllegalStateException("MERGE on a mapped table was not refused");
            } catch (SQLException refused) {
                if (!"0A000".equals(refused.getSQLState())) {
                    throw refused;
                }
            }
            c.rollback();
            List<WriteThroughHealth.RedisHealth> health = WriteThroughHealth.check();
            if (health.size() != 1 || !health.get(0).up()) {
                throw new IllegalStateException("health of the one configuration in use: " + health);
            }
        }
        // As a pool configuring a data source by class does: find its setters by reflection.
        java.beans.Introspector.getBeanInfo(WriteThroughDataSource.class).getPropertyDescriptors();
        WriteThroughDataSource.class.getMethods();
        try (WriteThroughDataSource dataSource = new WriteThroughDataSource()) {
            dataSource.setUrl(url);
            dataSource.setProperty("writethrough.config", args[1]);
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO items VALUES (3, 'c')");
            }
        }
        System.out.println("recovery sweep: " + WriteThroughDriver.recover(url, settings));
        System.out.println("OK");
    }
}
