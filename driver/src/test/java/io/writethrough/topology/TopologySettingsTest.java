package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a user sees when the Redis topology is misconfigured or out of reach: one clear error, no password. */
@ExtendWith(WriteThroughServices.class)
class TopologySettingsTest {

    private static final String PASSWORD = "Topology-S3cret";

    @Test
    void twoTopologiesFailConnectNamingBothKeys(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> connect(db, "redis.url=redis://127.0.0.1:6379", "redis.cluster.nodes=127.0.0.1:7000"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("'redis.url' and 'redis.cluster.nodes' name two Redis topologies");
    }

    @Test
    void anUnreachableClusterFailsTheWriteCleanly(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        int port = closedPort();
        try (Connection c = connect(db, "redis.cluster.nodes=127.0.0.1:" + port, "redis.user=app",
                "redis.password=" + PASSWORD, "redis.timeout.ms=500"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO items VALUES (1, 'a')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"))
                    .hasMessageContaining("could not learn the cluster's hash slots from any of [127.0.0.1:" + port + "]")
                    .hasMessageNotContaining(PASSWORD);
        }
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            assertThat(st.executeQuery("SELECT count(*) FROM items").next()).isTrue();
        }
    }

    @Test
    void unreachableSentinelsFailTheWriteNamingTheMaster(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        int port = closedPort();
        try (Connection c = connect(db, "redis.sentinel.master=cache", "redis.sentinel.nodes=127.0.0.1:" + port,
                "redis.password=" + PASSWORD, "redis.timeout.ms=500"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO items VALUES (1, 'a')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"))
                    .hasMessageContaining("no sentinel of [127.0.0.1:" + port + "] named the address of master 'cache'")
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Connection connect(TestDatabase db, String... settings) throws Exception {
        Path file = Files.createTempFile("writethrough-topology-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", settings) + "\ntable.items.key=item:{id}\n", StandardCharsets.UTF_8);
        Properties properties = new Properties();
        properties.setProperty("writethrough.config", file.toString());
        return DriverManager.getConnection(db.writeThroughUrl(), properties);
    }
}
