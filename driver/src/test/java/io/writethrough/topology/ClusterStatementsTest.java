package io.writethrough.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.mapping.MappingConfig;
import io.writethrough.metrics.DriverMetrics;
import io.writethrough.recovery.SweepResult;
import io.writethrough.redis.KeyLayout;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipStore;
import io.writethrough.redis.RedisTopology;
import io.writethrough.redis.RedisWriter;
import io.writethrough.redis.SweepTurns;
import io.writethrough.redis.UndoStep;
import io.writethrough.testing.PrivateRedisCluster;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.SlotMigration;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisCluster;

/**
 * Statements whose rows land in many hash slots, on a private Redis Cluster: each slot's entries go in a script of
 * their own, and rollbacks, savepoints, batches and key changes still act on every slot.
 */
@ExtendWith(WriteThroughServices.class)
class ClusterStatementsTest {

    private static final int ROWS = 600;

    private static PrivateRedisCluster cluster;
    private static JedisCluster redis;

    private TestDatabase db;
    private Properties properties;

    @BeforeAll
    static void launch() {
        cluster = PrivateRedisCluster.launch();
        redis = cluster.client();
    }

    @AfterAll
    static void stop() {
        redis.close();
        cluster.close();
    }

    @BeforeEach
    void schema(TestDatabase db) throws IOException, SQLException {
        this.db = db;
        cluster.flushAll();
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE lines (order_id int, line_no int, qty int, PRIMARY KEY (order_id, line_no))",
                "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, " + ROWS + ") g");
        Path file = Files.createTempFile("writethrough-cluster-", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n", "redis.cluster.nodes=" + cluster.seeds(),
                "table.items.key=item:{id}", "table.lines.key=order:{{order_id}}:line:{line_no}", ""));
        properties = new Properties();
        properties.setProperty("writethrough.config", file.toString());
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE items SET name = name");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.writeThroughUrl(), properties);
    }

    /** The recovery timer's turn is a key like any other: on the primary of its slot, wherever that is. */
    @Test
    void theRecoveryTimersTurnIsTakenOnTheClusterAsOnOneRedis() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("redis.cluster.nodes", cluster.seeds());
        settings.setProperty("table.items.key", "item:{id}");
        String key = SweepTurns.keyOf("fleet-" + db.schema());
        try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(MappingConfig.parse(settings, "test")), 2_000, 2,
                DriverMetrics.DISABLED)) {
            assertThat(writer.sweepTurns().take(key, "a", 60_000)).isTrue();
            assertThat(writer.sweepTurns().take(key, "b", 60_000)).as("a holds it").isFalse();
            assertThat(writer.sweepTurns().take(key, "a", 60_000)).as("a's own").isTrue();
            assertThat(redis.get(key)).isEqualTo("a");
            assertThat(redis.pttl(key)).isPositive();
        }
    }

    @Test
    void aStatementOverEverySlotWritesEveryEntryAndLeavesNoMark() throws Exception {
        Set<PrivateRedisServer> owners = new HashSet<>();
        for (int id = 1; id <= ROWS; id++) {
            owners.add(cluster.primaryOf("item:" + id));
        }
        assertThat(owners).as("the rows' keys live on every primary").hasSize(3);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE items SET name = 'u' || id")).isEqualTo(ROWS);
        }
        for (int id = 1; id <= ROWS; id++) {
            assertThat(redis.hget("item:" + id, "name")).isEqualTo("u" + id);
        }
        // Marks, tombstones, refill sets (not the recovery timer's turn, writethrough:sweep:).
        assertThat(cluster.keys("writethrough:[odr]*")).as("marks and tombstones left").isEmpty();
    }

    @Test
    void aRollbackPutsBackEverySlot() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE items SET name = 'x' WHERE id <= 300");
            st.executeUpdate("DELETE FROM items WHERE id > 500");
            st.executeUpdate("INSERT INTO items SELECT g, 'new' FROM generate_series(1001, 1100) g");
            assertThat(redis.hget("item:7", "name")).isEqualTo("x");
            assertThat(redis.exists("item:1050")).isTrue();
            c.rollback();
        }
        for (int id = 1; id <= ROWS; id++) {
            assertThat(redis.hget("item:" + id, "name")).as("item:" + id).isEqualTo("n" + id);
        }
        assertThat(redis.exists("item:1050")).isFalse();
        assertThat(cluster.keys("writethrough:own:*")).as("marks left").isEmpty();
    }

    @Test
    void aSavepointRollbackAcrossSlotsKeepsWhatCameBefore() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE items SET name = 'before' WHERE id <= 200");
            Savepoint savepoint = c.setSavepoint();
            st.executeUpdate("UPDATE items SET name = 'after' WHERE id <= 400");
            st.executeUpdate("DELETE FROM items WHERE id BETWEEN 401 AND 450");
            c.rollback(savepoint);
            c.commit();
        }
        for (int id = 1; id <= ROWS; id++) {
            assertThat(redis.hget("item:" + id, "name")).as("item:" + id).isEqualTo(id <= 200 ? "before" : "n" + id);
        }
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }

    @Test
    void keyChangingUpdatesMoveEntriesBetweenSlots() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE items SET id = id + 10000 WHERE id <= 100")).isEqualTo(100);
        }
        for (int id = 1; id <= 100; id++) {
            assertThat(redis.exists("item:" + id)).isFalse();
            assertThat(redis.hget("item:" + (id + 10000), "name")).isEqualTo("n" + id);
        }
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }

    /** A batch's key moves run in their order across slots: a row moved twice leaves nothing at its middle key. */
    @Test
    void aBatchOfChainedKeyMovesAcrossSlots() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE items SET id = ? WHERE id = ?")) {
            for (int id = 1; id <= 50; id++) {
                ps.setInt(1, id + 20_000);
                ps.setInt(2, id);
                ps.addBatch();
                ps.setInt(1, id + 30_000);
                ps.setInt(2, id + 20_000);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).hasSize(100).containsOnly(1);
        }
        for (int id = 1; id <= 50; id++) {
            assertThat(redis.exists("item:" + id)).isFalse();
            assertThat(redis.exists("item:" + (id + 20_000))).as("item:" + (id + 20_000)).isFalse();
            assertThat(redis.hget("item:" + (id + 30_000), "name")).isEqualTo("n" + id);
        }
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }

    /** A new column of a table mapped with all its columns invalidates its entries on every primary; a rollback restores. */
    @Test
    void aSchemaChangeInvalidatesEverySlotAndARollbackRestoresThem() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("ALTER TABLE items ADD COLUMN tier text");
            assertThat(cluster.keys("item:*")).isEmpty();
            c.rollback();
        }
        for (int id = 1; id <= ROWS; id++) {
            assertThat(redis.hget("item:" + id, "name")).as("item:" + id).isEqualTo("n" + id);
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE items ADD COLUMN tier text");
        }
        assertThat(cluster.keys("item:*")).isEmpty();
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }

    @Test
    void aBatchOverManySlotsThenARollback() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
            c.setAutoCommit(false);
            for (int id = 1; id <= 250; id++) {
                ps.setString(1, "b" + id);
                ps.setInt(2, id);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).hasSize(250);
            assertThat(redis.hget("item:99", "name")).isEqualTo("b99");
            c.commit();
            for (int id = 1; id <= 250; id++) {
                ps.setString(1, "rolled back");
                ps.setInt(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
            c.rollback();
        }
        for (int id = 1; id <= 250; id++) {
            assertThat(redis.hget("item:" + id, "name")).isEqualTo("b" + id);
        }
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }

    @Test
    void aHashTagKeepsAnOrdersLinesInOneSlot() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO lines SELECT o, l, o * l FROM generate_series(1, 20) o, generate_series(1, 5) l");
        }
        for (int order = 1; order <= 20; order++) {
            int slot = PrivateRedisCluster.slotOf(String.valueOf(order));
            for (int line = 1; line <= 5; line++) {
                String key = "order:{" + order + "}:line:" + line;
                assertThat(PrivateRedisCluster.slotOf(key)).isEqualTo(slot);
                assertThat(redis.hgetAll(key)).isEqualTo(Map.of("order_id", "" + order, "line_no", "" + line,
                        "qty", "" + order * line));
            }
        }
    }

    /**
     * An undo's undecided key goes into the refill set of its own slot (a script touches one slot), which outlives
     * the process: the next sweep of any driver refills the key and empties the set.
     */
    @Test
    void anUndecidedKeysRefillWaitsInItsSlotsRefillSet() throws Exception {
        String key = "item:7";
        redis.hset(KeyLayout.CLUSTER.markKey(key), Map.of(OwnershipProtocol.MarkField.OWNER_TX.field(), "dying:1"));
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(properties.getProperty("writethrough.config")))) {
            file.load(reader);
        }
        // A process's undo whose outcome is unknown; the process dies before its recovery refills the key.
        try (RedisWriter writer = RedisWriter.connect(RedisTopology.of(MappingConfig.parse(file, "test")), 2_000, 2,
                DriverMetrics.DISABLED)) {
            assertThat(writer.undo("dying:1", List.of(new UndoStep(key, UndoStep.Mode.INVALIDATE, null)),
                    OwnershipStore.Release.NONE, Set.of(), true)).containsExactly(key);
        }
        List<String> sets = cluster.keys(OwnershipProtocol.REFILL_PREFIX + "*");
        assertThat(sets).hasSize(1);
        assertThat(cluster.primaryOf(sets.get(0))).isEqualTo(cluster.primaryOf(key));
        assertThat(redis.exists(key)).isFalse();

        SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), properties);

        assertThat(result.refilled()).as("%s", result).isEqualTo(1);
        assertThat(redis.hget(key, "name")).isEqualTo("n7");
        assertThat(cluster.keys(OwnershipProtocol.REFILL_PREFIX + "*")).isEmpty();
    }

    @Test
    void theSweepResolvesATransactionThatDiedOnEveryPrimary() throws Exception {
        // A transaction whose session dies before commit, its driver connection abandoned: no undo of the driver runs.
        Connection dying = connect();
        dying.setAutoCommit(false);
        try (Statement st = dying.createStatement()) {
            st.executeUpdate("UPDATE items SET name = 'uncommitted' WHERE id <= 300");
            st.executeUpdate("INSERT INTO items SELECT g, 'never' FROM generate_series(2001, 2050) g");
        }
        assertThat(redis.hget("item:5", "name")).isEqualTo("uncommitted");
        Set<PrivateRedisServer> holding = new HashSet<>();
        for (String mark : cluster.keys("writethrough:own:*")) {
            holding.add(cluster.primaryOf(mark));
        }
        assertThat(holding).as("primaries holding marks").hasSize(3);
        String pid;
        try (Statement st = dying.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getString(1);
        }
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            // The transaction is aborted once its backend no longer shows.
            boolean gone = false;
            while (!gone) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                    rs.next();
                    gone = rs.getInt(1) == 0;
                }
            }
        }

        SweepResult result = WriteThroughDriver.recover(db.writeThroughUrl(), properties);

        for (int id = 1; id <= ROWS; id++) {
            assertThat(redis.hget("item:" + id, "name")).as("item:" + id).isEqualTo("n" + id);
        }
        assertThat(redis.exists("item:2001")).isFalse();
        assertThat(cluster.keys("writethrough:own:*")).as("marks left after the sweep " + result).isEmpty();
    }

    @Test
    void aWriteToASlotInMigrationWaitsForTheMigrationOrFailsCleanly() throws Exception {
        String key = "item:42";
        int slot = PrivateRedisCluster.slotOf(key);
        PrivateRedisServer source = cluster.primaryOf(key);
        PrivateRedisServer target = cluster.primaries().stream().filter(p -> !p.equals(source)).findFirst().orElseThrow();

        // The slot migrates, its keys not yet moved: the write's keys are split between the nodes (TRYAGAIN) until
        // the migration ends, within redis.timeout.ms; then it succeeds on the new owner.
        SlotMigration migration = cluster.beginMigration(slot, target);
        CompletableFuture<Void> finished = CompletableFuture.runAsync(() -> {
            migration.moveAllKeys();
            migration.finish();
        }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE items SET name = 'moved' WHERE id = 42")).isEqualTo(1);
        }
        finished.join();
        assertThat(redis.hget(key, "name")).isEqualTo("moved");
        assertThat(cluster.primaryOf(key)).isEqualTo(target);

        // A migration that outlasts redis.timeout.ms: the statement fails with 40003, nothing changes.
        SlotMigration stuck = cluster.beginMigration(slot, source);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE items SET name = 'first' WHERE id = 1");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE items SET name = 'never' WHERE id = 42"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"));
            c.rollback();
        } finally {
            stuck.moveAllKeys();
            stuck.finish();
        }
        assertThat(redis.hget(key, "name")).isEqualTo("moved");
        assertThat(redis.hget("item:1", "name")).isEqualTo("n1");
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            assertThat(st.executeUpdate("UPDATE items SET name = name WHERE id = 42 AND name = 'moved'")).isEqualTo(1);
        }
        assertThat(cluster.keys("writethrough:own:*")).isEmpty();
    }
}
