package io.writethrough.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.ServiceResolver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The system properties {@link BenchmarkCommand} gives JMH's forks (the embedded PostgreSQL's URL when no service
 * variable is set, {@code --durable-commit}) must leave the driver arms working: the driver takes system properties
 * of its own namespace as settings and refuses the ones it does not know.
 */
class BenchmarkPropertiesTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(ItemsSchema.JDBC_URL_PROPERTY);
        System.clearProperty(ItemsSchema.DURABLE_COMMIT_PROPERTY);
    }

    @Test
    void theDriverArmsConnectWithTheForksSystemPropertiesSet() throws Exception {
        System.setProperty(ItemsSchema.JDBC_URL_PROPERTY, ServiceResolver.postgres().jdbcUrl());
        System.setProperty(ItemsSchema.DURABLE_COMMIT_PROPERTY, "true");

        for (Arm arm : new Arm[] {Arm.DRIVER, Arm.DRIVER_REWRITE}) {
            try (ItemsSchema schema = ItemsSchema.create(); ItemsApplication app = ItemsApplication.of(arm, schema);
                 Connection c = schema.connect(arm); Statement st = c.createStatement();
                 ResultSet commit = st.executeQuery("SHOW synchronous_commit")) {
                assertThat(app.insert(c, 1)).as(arm.toString()).isEqualTo(1);
                assertThat(commit.next()).isTrue();
                assertThat(commit.getString(1)).as("--durable-commit keeps the server's setting").isEqualTo("on");
            }
        }
    }
}
