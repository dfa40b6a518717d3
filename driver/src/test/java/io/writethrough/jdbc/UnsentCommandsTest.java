package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * A command that provably never reached Redis is tried again on a fresh connection, or fails without leaving a
 * tombstone; a command that may have run is neither retried nor forgotten.
 */
@ExtendWith(WriteThroughServices.class)
class UnsentCommandsTest {

    private static final int POOL = 3;

    private static MappedSchema accounts(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 10) g");
        return MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
    }

    private static Properties on(MappedSchema s, String redisUrl) {
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", redisUrl);
        p.setProperty("writethrough.redis.timeout.ms", "2000");
        p.setProperty("writethrough.redis.pool.size", Integer.toString(POOL));
        return p;
    }

    /** Connections to the server besides the asking one. */
    private static long clients(PrivateRedisServer server) {
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            return admin.clientList().lines().filter(line -> !line.contains("cmd=client")).count();
        }
    }

    private static List<String> tombstones(PrivateRedisServer server) {
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            return admin.scan("0", new ScanParams().match(OwnershipProtocol.TOMBSTONE_PREFIX + "*").count(1000)).getResult();
        }
    }

    /**
     * The pool holds {@value #POOL} idle connections; the server restarts (and closes them). The next {@value #POOL}
     * transactions each write once: none fails, since no command is written on a connection the server closed.
     */
    @Test
    void aRestartFailsNoWriteOnTheConnectionsItClosed(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        MappedSchema s = accounts(db, redis);
        Properties p = on(s, server.url());
        List<Connection> connections = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(POOL);
        try {
            for (int i = 0; i < POOL; i++) {
                connections.add(DriverManager.getConnection(db.writeThroughUrl(), p));
            }
            // Warm the pool with POOL connections: writes that overlap while the server sleeps each open their own.
            for (int attempt = 0; attempt < 5 && clients(server) < POOL; attempt++) {
                Thread sleeper = new Thread(() -> {
                    try (Jedis admin = new Jedis(server.host(), server.port())) {
                        admin.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "SLEEP", "0.6");
                    }
                });
                sleeper.start();
                Thread.sleep(150); // the server is asleep: the writes below overlap
                CyclicBarrier together = new CyclicBarrier(POOL);
                List<Future<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < POOL; i++) {
                    Connection c = connections.get(i);
                    int id = i + 1;
                    writes.add(threads.submit(() -> {
                        together.await();
                        try (Statement st = c.createStatement()) {
                            return st.executeUpdate("UPDATE accounts SET balance = 100 WHERE id = " + id);
                        }
                    }));
                }
                for (Future<Integer> write : writes) {
                    assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                }
                sleeper.join();
            }
            assertThat(clients(server)).as("idle pooled connections before the restart").isEqualTo(POOL);

            server.stop();
            server.start();

            List<String> failures = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                try (Statement st = connections.get(i).createStatement()) {
                    st.executeUpdate("UPDATE accounts SET balance = " + (200 + i) + " WHERE id = " + (i + 1));
                } catch (SQLException e) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                }
            }
            assertThat(failures).as("writes failed after the restart").isEmpty();
            try (Jedis check = new Jedis(server.host(), server.port())) {
                for (int i = 0; i < POOL; i++) {
                    assertThat(check.hget(s.key("acc:" + (i + 1)), "balance")).isEqualTo(Integer.toString(200 + i));
                }
            }
        } finally {
            threads.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * The server runs the write but its reply is lost: the write may have run, so it is not sent again; the statement
     * fails (40003) and the undo leaves a tombstone against a late copy of it.
     */
    @Test
    void aWriteWhoseReplyWasLostIsNotRetried(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (FaultyProxy proxy = FaultyProxy.startFor(server);
                Connection c = DriverManager.getConnection(db.writeThroughUrl(), on(s, proxy.redisUrl()));
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1"); // loads the script, warms the pool
            quiet(proxy);
            proxy.cutAtCommand(1, FaultyProxy.Cut.BEFORE_REPLY);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 2"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("40003");
                        assertThat(e.getMessage()).contains(s.key("acc:2")).doesNotContain("before the command was sent");
                    });
            assertThat(proxy.cutPending()).isFalse();
            proxy.heal();
            // The undo, retried in the background, leaves the tombstone.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tombstones(server).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(tombstones(server)).as("tombstones after a write that may have run").hasSize(1);
        }
    }

    /**
     * Redis is down (connection refused) when a transaction writes: the write fails without having been sent, so when
     * the transaction rolls back after Redis is back, its undo leaves no tombstone (an hour-long key per failed write).
     */
    @Test
    void aRefusedWriteLeavesNoTombstone(TestDatabase db, TestRedis redis, PrivateRedisServer server) throws Exception {
        MappedSchema s = accounts(db, redis);
        // redis.pipeline=statement (the default): each statement on a connection of its own from the pool, checked
        // before use; a transaction's pipelined writes share one, on which a write after the server went cannot be
        // proven unsent.
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), on(s, server.url()));
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
            server.stop();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 2"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("40003");
                        assertThat(e.getMessage()).contains(s.key("acc:2"), "before the command was sent");
                    });
            server.start();
            c.rollback();
            assertThat(tombstones(server)).as("tombstones after a write that never reached Redis").isEmpty();

            // The autocommit path too: the undo deferred to the background leaves none either.
            c.setAutoCommit(true);
            server.stop();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE accounts SET balance = 3 WHERE id = 3"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"));
            server.start();
            assertThat(st.executeUpdate("UPDATE accounts SET balance = 4 WHERE id = 4")).isEqualTo(1);
            assertThat(tombstones(server)).as("tombstones after an autocommit write that never reached Redis").isEmpty();
        }
    }

    /** Waits until the proxy has seen no command for a moment (the recovery's first sweep is done). */
    private static void quiet(FaultyProxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long seen = -1;
        while (proxy.commandsSeen() != seen && System.nanoTime() < deadline) {
            seen = proxy.commandsSeen();
            Thread.sleep(200);
        }
    }
}
