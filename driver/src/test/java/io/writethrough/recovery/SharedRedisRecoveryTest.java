package io.writethrough.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.redis.OwnershipProtocol;
import io.writethrough.redis.OwnershipProtocol.MarkField;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Two configurations — two applications, or an application and a batch job — whose databases are in one PostgreSQL
 * cluster and whose mappings write to one Redis. Every driver instance sweeps every mark of the cluster in that Redis,
 * whichever configuration wrote it; the outcome for the configuration that maps the key must be what its own sweep
 * would have left.
 */
class SharedRedisRecoveryTest {

    @Test
    void anotherConfigurationsSweepRestoresADecidableKeyCorrectly() throws Exception {
        try (TestDatabase dbA = TestDatabase.create(); TestRedis redisA = TestRedis.create();
                TestDatabase dbB = TestDatabase.create(); TestRedis redisB = TestRedis.create()) {
            MappedSchema a = users(dbA, redisA);
            MappedSchema b = items(dbB, redisB);
            Connection dying = a.connect();
            dying.setAutoCommit(false);
            try (Statement st = dying.createStatement()) {
                st.executeUpdate("UPDATE users SET name = 'uncommitted' WHERE id = 2");
            }
            terminate(dbA, dying);

            WriteThroughDriver.recover(dbB.writeThroughUrl(), b.properties());

            assertThat(a.hash("user:2")).containsEntry("name", "b");
            assertThat(marks(a)).isZero();
            a.assertConsistent();
        }
    }

    @Test
    @Disabled("bug: OrphanSweep judges every mark of the cluster in the Redis, also keys no table of its own configuration"
            + " maps; an undecidable one (undo.lua deletes it) then goes to RowRefill, which finds no mapping for it and drops"
            + " it with a warning ('no mapped table's key template renders key'). The mark is gone, so the sweep of the"
            + " configuration that maps the key never sees it: the entry stays missing until its row is next written.")
    void anotherConfigurationsSweepLeavesAnUndecidableKeyToBeRefilled() throws Exception {
        try (TestDatabase dbA = TestDatabase.create(); TestRedis redisA = TestRedis.create();
                TestDatabase dbB = TestDatabase.create(); TestRedis redisB = TestRedis.create()) {
            MappedSchema a = users(dbA, redisA);
            MappedSchema b = items(dbB, redisB);
            undecidableOrphan(dbA, a, "user:2", 2);

            // B's sweep runs first (any driver instance of B: its first connection, its timer, recover()).
            WriteThroughDriver.recover(dbB.writeThroughUrl(), b.properties());
            WriteThroughDriver.recover(dbA.writeThroughUrl(), a.properties());

            assertThat(marks(a)).isZero();
            assertThat(a.hash("user:2")).as("the committed row's entry, refilled").containsEntry("name", "committed meanwhile");
            a.assertConsistent();
        }
    }

    /**
     * An aborted transaction's mark on {@code key} that took over from an owner nobody can judge ({@code ?}), while the
     * row was committed with another value: the value before cannot be decided, the database must refill it.
     */
    static void undecidableOrphan(TestDatabase db, MappedSchema s, String key, int id) throws SQLException {
        String databaseId;
        long abortedXid;
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            databaseId = single(st, "SELECT system_identifier::text FROM pg_control_system()");
            raw.setAutoCommit(false);
            abortedXid = Long.parseLong(single(st, "SELECT txid_current()::text"));
            raw.rollback();
            st.executeUpdate("UPDATE users SET name = 'committed meanwhile' WHERE id = " + id);
            raw.commit();
        }
        s.redisClient().hset(s.key(key), Map.of("id", Integer.toString(id), "name", "dead value"));
        s.redisClient().hset(OwnershipProtocol.markKey(s.key(key)), Map.of(
                MarkField.OWNER_TX.field(), "deadbeef:" + id, MarkField.OWNER_XID.field(), Long.toString(abortedXid),
                MarkField.DATABASE.field(), databaseId, MarkField.EARLIER_XID.field(), "?",
                MarkField.EARLIER_BEFORE_ABSENT.field(), "1"));
    }

    private static MappedSchema users(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        return s;
    }

    private static MappedSchema items(TestDatabase db, TestRedis redis) throws SQLException {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO items VALUES (1, 'x')");
        }
        return s;
    }

    /** Ends the connection's session from outside, as a dead client's would end: the driver runs no undo. */
    private static void terminate(TestDatabase db, Connection abandoned) throws Exception {
        String pid;
        try (Statement st = abandoned.createStatement()) {
            pid = single(st, "SELECT pg_backend_pid()::text");
        }
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!single(st, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid).equals("0")) {
                assertThat(System.nanoTime()).as("backend %s gone within 10 s", pid).isLessThan(deadline);
                Thread.sleep(10); // polling pg_stat_activity, bounded
            }
        }
    }

    private static long marks(MappedSchema s) {
        return TestRedis.keysStartingWith(s.redisClient(), OwnershipProtocol.markKey(s.key(""))).size();
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
