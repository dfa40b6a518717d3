package io.writethrough.faults;

import io.writethrough.differential.DifferentialSchema;
import io.writethrough.differential.Workload;
import io.writethrough.testing.CacheAssertions;
import io.writethrough.testing.CacheDifference;
import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.MissingKeyPolicy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import io.writethrough.jdbc.WriteThroughDriver;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The differential schema written through a {@link FaultyProxy} in front of a private Redis, with a short Redis
 * timeout: the setting of every fault scenario. The oracle reads Redis directly, past the proxy.
 */
public final class FaultRig implements AutoCloseable {

    static final String PREFIX = "ft:";

    final TestDatabase db;
    final PrivateRedisServer server;
    final FaultyProxy proxy;
    public final RedisClient direct;
    final DifferentialSchema schema;
    final int timeoutMillis;
    /** Holds the configuration's driver context (and its recovery) for the rig's life. */
    private Connection holder;

    private FaultRig(TestDatabase db, PrivateRedisServer server, FaultyProxy proxy, RedisClient direct,
            DifferentialSchema schema, int timeoutMillis) {
        this.db = db;
        this.server = server;
        this.proxy = proxy;
        this.direct = direct;
        this.schema = schema;
        this.timeoutMillis = timeoutMillis;
    }

    /** Creates the differential tables in {@code db}, seeded through the driver while no fault is active. */
    public static FaultRig create(TestDatabase db, PrivateRedisServer server, int timeoutMillis) throws SQLException {
        FaultyProxy proxy = FaultyProxy.startFor(server);
        RedisClient direct = oracleClient(server);
        DifferentialSchema schema = DifferentialSchema.create(db, proxy.redisUrl(), direct, PREFIX);
        FaultRig rig = new FaultRig(db, server, proxy, direct, schema, timeoutMillis);
        rig.holder = rig.connect();
        // Not one of the sessions the leak checks count.
        rig.holder.setClientInfo("ApplicationName", "fault-rig-holder");
        Workload.seed(rig.holder);
        // The recovery sweep that the first connection started has run (its commands go through the proxy, whose
        // faults count commands); the held connection keeps the configuration's context, so no other first sweep runs,
        // and no timer runs one.
        WriteThroughDriver.recover(db.writeThroughUrl(), rig.properties());
        return rig;
    }

    /** A client for the oracle that survives restarts of the server: pooled connections are checked on borrow. */
    static RedisClient oracleClient(PrivateRedisServer server) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setTestOnBorrow(true);
        return RedisClient.builder().hostAndPort(new HostAndPort(server.host(), server.port())).poolConfig(pool).build();
    }

    Properties properties() {
        Properties p = schema.properties();
        p.setProperty("writethrough.redis.timeout.ms", Integer.toString(timeoutMillis));
        p.setProperty("writethrough.recovery.interval.ms", "0");
        return p;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.writeThroughUrl(), properties());
    }

    /** A driver connection with {@code redis.pipeline} set to {@code pipeline} ({@code transaction} or {@code statement}). */
    public Connection connect(String pipeline) throws SQLException {
        Properties p = properties();
        p.setProperty("writethrough.redis.pipeline", pipeline);
        return DriverManager.getConnection(db.writeThroughUrl(), p);
    }

    /** A raw pgjdbc connection to the same schema (bypasses the driver). */
    public Connection raw() throws SQLException {
        return db.connect();
    }

    /** Ends every fault: the proxy forwards again and the server runs (empty, if it had to be started). */
    void heal() {
        proxy.heal();
        if (!server.isRunning()) {
            server.start();
        }
    }

    /**
     * Heals, then makes one mapped write through the driver, so that undos deferred while Redis was unreachable
     * are retried (the driver retries them before its next Redis command), as the README documents.
     */
    void healAndSettle() throws SQLException {
        heal();
        SQLException last = null;
        // Pooled connections broken by the faults fail once each, and while the driver still holds Redis for silent
        // (its probe looks again once per redis.timeout.ms) writes are refused at once: try until a deadline, not a count.
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int attempt = 0; attempt < 20 || System.nanoTime() < deadline; attempt++) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE audit SET what = what WHERE false");
                st.executeUpdate("INSERT INTO tags (name) VALUES ('settle') ON CONFLICT (name) DO UPDATE SET hits = tags.hits + 1");
                // What production's recovery timer would do within recovery.interval.ms (off in the rig).
                WriteThroughDriver.recover(db.writeThroughUrl(), properties());
                return;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Every entry present equals its row and no entry lacks a row (absent entries are cache misses). */
    void assertNoStaleEntries(String scenario) throws SQLException {
        assertEntries(scenario, MissingKeyPolicy.ALLOW);
    }

    /** Every row has its exact entry and no entry lacks a row. */
    public void assertExact(String scenario) throws SQLException {
        assertEntries(scenario, MissingKeyPolicy.REPORT);
    }

    private void assertEntries(String scenario, MissingKeyPolicy policy) throws SQLException {
        List<CacheDifference> differences = schema.differences(policy);
        if (!differences.isEmpty()) {
            throw new AssertionError(scenario + ": Redis differs from the database (" + differences.size() + " differences)\n"
                    + schema.explain(differences.get(0))
                    + CacheAssertions.report(differences.subList(0, Math.min(20, differences.size()))));
        }
    }

    /** Times {@code work}: the bound checks of the timeout tests. */
    static Duration time(SqlAction work) throws SQLException {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (SQLException e) {
            // Timed work may fail: the caller asserts the outcome separately.
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }

    @Override
    public void close() {
        try {
            holder.close();
        } catch (SQLException e) {
            // Only the held connection; the proxy and server go next anyway.
        }
        proxy.close();
        direct.close();
    }
}
