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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.JedisCluster;

/**
 * Write-through to a Redis Cluster (a private one: 3 primaries, 3 replicas) against one Redis: an autocommit UPDATE
 * by key (its entry in one slot) and an UPDATE of 1,000 rows (entries in slots of every primary). Arms: {@code
 * driver} and {@code hand} on the one shared Redis (the baselines of a one-slot statement: the hand-written arm shows
 * what the cluster's six processes cost this machine by themselves), {@code cluster-driver} ({@code
 * redis.wait.replicas=0}, the same work as the hand-written arm), {@code cluster-driver-wait} (the default {@code WAIT
 * 1}), and {@code cluster-hand}: {@code RETURNING *}, then a Jedis cluster pipeline of {@code DEL} + {@code HSET} per
 * row (one pipeline per primary), replies checked, then commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterBenchmark {

    static final int ROWS = 10_000;
    static final int RANGE = 1_000;
    private static final String UPDATE_BY_KEY = "UPDATE items SET qty = qty + 1 WHERE id = ?";
    private static final String UPDATE_RANGE = "UPDATE items SET qty = qty + 1 WHERE id BETWEEN ? AND ?";

    @Param({"hand", "driver", "cluster-hand", "cluster-driver", "cluster-driver-wait"})
    public String arm;

    private Arm which;
    private TestDatabase db;
    private TestRedis sharedRedis;
    private PrivateRedisCluster cluster;
    private JedisCluster clusterClient;
    private HandWrittenWriteThrough handClient;
    private Path mapping;
    private Connection connection;
    private long nextKey;
    private long nextRange;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        which = Arm.of(arm);
        db = TestDatabase.create(ItemsSchema.postgres());
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, "
                + "qty integer NOT NULL, note text)",
                "INSERT INTO items SELECT g, 'item ' || g, (g % 1000) + 0.99, g % 100, NULL FROM generate_series(1, "
                        + ROWS + ") g", "ANALYZE items");
        String redisSettings;
        if (which == Arm.DRIVER || which == Arm.HAND) {
            sharedRedis = TestRedis.create();
            redisSettings = "redis.url=" + sharedRedis.url() + "\ntable.items.key=" + sharedRedis.prefix() + "item:{id}";
        } else {
            cluster = PrivateRedisCluster.launch();
            clusterClient = cluster.client();
            redisSettings = "redis.cluster.nodes=" + cluster.seeds() + "\ntable.items.key=item:{id}"
                    + (which == Arm.CLUSTER_DRIVER ? "\nredis.wait.replicas=0" : "");
        }
        mapping = Files.createTempFile("writethrough-bench-cluster-", ".properties");
        Files.writeString(mapping, redisSettings + "\n", StandardCharsets.UTF_8);
        // Every row's entry exists before the measurement (a warm cache), written by the driver.
        try (Connection warm = DriverManager.getConnection(db.writeThroughUrl(), driverProperties());
             PreparedStatement st = warm.prepareStatement(UPDATE_RANGE)) {
            for (int from = 1; from <= ROWS; from += RANGE) {
                st.setLong(1, from);
                st.setLong(2, from + RANGE - 1L);
                st.executeUpdate();
            }
        }
        boolean byHand = which == Arm.CLUSTER_HAND || which == Arm.HAND;
        connection = byHand ? DriverManager.getConnection(db.jdbcUrl(), rawProperties())
                : DriverManager.getConnection(db.writeThroughUrl(), driverProperties());
        if (byHand) {
            connection.setAutoCommit(false);
        }
        if (which == Arm.HAND) {
            handClient = HandWrittenWriteThrough.connect(sharedRedis.url(), sharedRedis.prefix());
        } else if (which == Arm.CLUSTER_HAND) {
            handClient = HandWrittenWriteThrough.over(clusterClient, "");
            clusterClient = null;
        }
    }

    private Properties rawProperties() {
        Properties properties = new Properties();
        if (!Boolean.getBoolean(ItemsSchema.DURABLE_COMMIT_PROPERTY)) {
            properties.setProperty("options", "-c synchronous_commit=off");
        }
        return properties;
    }

    private Properties driverProperties() {
        Properties properties = rawProperties();
        properties.setProperty("writethrough.config", mapping.toString());
        return properties;
    }

    @Benchmark
    public int updateByKey() throws SQLException {
        nextKey = nextKey % ROWS + 1;
        return run(UPDATE_BY_KEY, nextKey, nextKey);
    }

    @Benchmark
    public int updateThousandRows() throws SQLException {
        long from = nextRange * RANGE + 1;
        nextRange = (nextRange + 1) % (ROWS / RANGE);
        return run(UPDATE_RANGE, from, from + RANGE - 1);
    }

    private int run(String sql, long from, long to) throws SQLException {
        boolean range = sql == UPDATE_RANGE;
        if (which != Arm.CLUSTER_HAND && which != Arm.HAND) {
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

    @TearDown(Level.Trial)
    public void tearDown() {
        Resources.closeAll(connection, handClient, clusterClient, cluster, sharedRedis, db);
        try {
            Files.deleteIfExists(mapping);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
