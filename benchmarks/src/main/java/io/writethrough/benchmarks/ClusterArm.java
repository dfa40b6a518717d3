package io.writethrough.benchmarks;

import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One arm of the Redis Cluster comparison ({@link ClusterBenchmark}, {@link ClusterInterleavedCheck}): a connection
 * that runs an autocommit UPDATE by key and an UPDATE of {@value #RANGE} consecutive rows, through the driver or
 * by hand ({@code RETURNING *}, then Redis written by {@link HandWrittenWriteThrough}, then commit), on one Redis
 * ({@link Arm#HAND}, {@link Arm#DRIVER}) or on the cluster ({@link Arm#CLUSTER_HAND}, {@link Arm#CLUSTER_DRIVER}
 * with {@code redis.wait.replicas=0}, {@link Arm#CLUSTER_DRIVER_WAIT} with the default {@code WAIT 1}).
 */
final class ClusterArm implements AutoCloseable {

    static final int ROWS = 10_000;
    static final int RANGE = 1_000;
    private static final String UPDATE_BY_KEY = "UPDATE items SET qty = qty + 1 WHERE id = ?";
    private static final String UPDATE_RANGE = "UPDATE items SET qty = qty + 1 WHERE id BETWEEN ? AND ?";

    private final Arm which;
    private final Connection connection;
    private final HandWrittenWriteThrough handClient;
    private final Path mapping;

    private ClusterArm(Arm which, Connection connection, HandWrittenWriteThrough handClient, Path mapping) {
        this.which = which;
        this.connection = connection;
        this.handClient = handClient;
        this.mapping = mapping;
    }

    /** The {@value #ROWS} rows of {@code items} every arm updates. */
    static void createItems(TestDatabase db) {
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, "
                + "qty integer NOT NULL, note text)",
                "INSERT INTO items SELECT g, 'item ' || g, (g % 1000) + 0.99, g % 100, NULL FROM generate_series(1, "
                        + ROWS + ") g", "ANALYZE items");
    }

    /**
     * Opens the arm on {@code db}'s items, writing through {@code shared} (one-Redis arms) or {@code cluster}; every
     * row's entry is written by the driver first, so that each arm starts from a warm cache.
     */
    static ClusterArm open(Arm which, TestDatabase db, TestRedis shared, PrivateRedisCluster cluster)
            throws SQLException, IOException {
        boolean oneRedis = which == Arm.DRIVER || which == Arm.HAND;
        String redisSettings = oneRedis
                ? "redis.url=" + shared.url() + "\ntable.items.key=" + shared.prefix() + "item:{id}"
                : "redis.cluster.nodes=" + cluster.seeds() + "\ntable.items.key=item:{id}"
                        + (which == Arm.CLUSTER_DRIVER ? "\nredis.wait.replicas=0" : "");
        Path mapping = Files.createTempFile("writethrough-bench-cluster-", ".properties");
        try {
            Files.writeString(mapping, redisSettings + "\n", StandardCharsets.UTF_8);
            return open(which, db, shared, cluster, mapping);
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(mapping);
            throw e;
        }
    }

    private static ClusterArm open(Arm which, TestDatabase db, TestRedis shared, PrivateRedisCluster cluster, Path mapping)
            throws SQLException {
        try (Connection warm = DriverManager.getConnection(db.writeThroughUrl(), driverProperties(mapping));
             PreparedStatement st = warm.prepareStatement(UPDATE_RANGE)) {
            for (int from = 1; from <= ROWS; from += RANGE) {
                st.setLong(1, from);
                st.setLong(2, from + RANGE - 1L);
                st.executeUpdate();
            }
        }
        if (which == Arm.HAND || which == Arm.CLUSTER_HAND) {
            Connection connection = DriverManager.getConnection(db.jdbcUrl(), rawProperties());
            try {
                connection.setAutoCommit(false);
                HandWrittenWriteThrough hand = which == Arm.HAND
                        ? HandWrittenWriteThrough.connect(shared.url(), shared.prefix())
                        : HandWrittenWriteThrough.over(cluster.client(), "");
                return new ClusterArm(which, connection, hand, mapping);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return new ClusterArm(which, DriverManager.getConnection(db.writeThroughUrl(), driverProperties(mapping)), null,
                mapping);
    }

    private static Properties rawProperties() {
        Properties properties = new Properties();
        if (!Boolean.getBoolean(ItemsSchema.DURABLE_COMMIT_PROPERTY)) {
            properties.setProperty("options", "-c synchronous_commit=off");
        }
        return properties;
    }

    private static Properties driverProperties(Path mapping) {
        Properties properties = rawProperties();
        properties.setProperty("writethrough.config", mapping.toString());
        return properties;
    }

    Arm arm() {
        return which;
    }

    /** An autocommit UPDATE of row {@code id}. */
    int updateByKey(long id) throws SQLException {
        return run(UPDATE_BY_KEY, id, id);
    }

    /** An autocommit UPDATE of the {@value #RANGE} rows from {@code from}. */
    int updateRange(long from) throws SQLException {
        return run(UPDATE_RANGE, from, from + RANGE - 1);
    }

    private int run(String sql, long from, long to) throws SQLException {
        boolean range = sql == UPDATE_RANGE;
        if (handClient == null) {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setLong(1, from);
                if (range) {
                    st.setLong(2, to);
                }
                return st.executeUpdate();
            }
        }
        try (PreparedStatement st = connection.prepareStatement(sql + " RETURNING *")) {
            st.setLong(1, from);
            if (range) {
                st.setLong(2, to);
            }
            int rows;
            try (ResultSet returned = st.executeQuery()) {
                rows = handClient.put(returned).size();
            }
            connection.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    @Override
    public void close() {
        Resources.closeAll(connection, handClient);
        try {
            Files.deleteIfExists(mapping);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
