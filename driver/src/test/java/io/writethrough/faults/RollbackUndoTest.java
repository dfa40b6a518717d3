package io.writethrough.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.FaultyProxy;
import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a rollback's undo leaves in Redis when the write it undoes is late or another connection wrote the key first:
 * a write delivered to Redis after its transaction's undo (its reply lost past the timeout), or after a savepoint
 * rollback, leaves no stale entry; a rollback after another connection's commit of the same key restores the
 * committed value.
 */
@ExtendWith(WriteThroughServices.class)
class RollbackUndoTest {

    /**
     * The rig's {@code redis.timeout.ms} where a held reply times out before an undo. The undo then waits for the
     * silence probe's own connection at most a tenth of it (RedisSilence); at 300 ms that was 30 ms, which a busy CI
     * machine once missed (the undo failed with "Redis has not answered").
     */
    private static final int HELD_TIMEOUT_MS = 1_000;

    /**
     * Only an entry's write carries its field names: the hold catches the statement's write, never a background release
     * of marks (an idle connection's) or a sweep that happens to go first.
     */
    private static final String WRITE_OF_A_ROW = "balance";

    /**
     * A write whose packet is held in the network: with {@code redis.pipeline=statement} the statement fails once its
     * timeout passes; with {@code transaction} it returns, and the wait (and the failure) comes with what settles the
     * transaction's writes next.
     */
    static void heldWrite(String pipeline, Statement st, String sql) {
        if ("statement".equals(pipeline)) {
            assertThatThrownBy(() -> st.executeUpdate(sql))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40003"));
        } else {
            assertThatCode(() -> st.executeUpdate(sql)).as("a pipelined write does not wait for its reply")
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction", "statement"})
    void aWriteDeliveredAfterItsUndoDoesNotStayInRedis(String pipeline, TestDatabase db, PrivateRedisServer server)
            throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, HELD_TIMEOUT_MS); Connection c = rig.connect(pipeline);
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 10 WHERE id = 1");
            c.setAutoCommit(false);
            // The write's packet is stuck in the network past the timeout; the rollback's undo goes through on a
            // fresh connection; then the stuck write arrives.
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD, WRITE_OF_A_ROW);
            heldWrite(pipeline, st, "UPDATE accounts SET balance = 11 WHERE id = 1");
            c.rollback();
            rig.proxy.releaseHeld();
            rig.direct.echo("after the late write"); // the late write is on an older connection; give it its turn
            awaitMarkGone(rig, FaultRig.PREFIX + "acc:1");
            rig.assertNoStaleEntries("a write delivered after its transaction's undo");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction", "statement"})
    void aWriteDeliveredLateAfterASavepointRollbackIsUndoneByTheRollback(String pipeline, TestDatabase db,
            PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, HELD_TIMEOUT_MS); Connection c = rig.connect(pipeline);
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 10 WHERE id = 1");
            c.setAutoCommit(false);
            Savepoint sp = c.setSavepoint();
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD, WRITE_OF_A_ROW);
            heldWrite(pipeline, st, "UPDATE accounts SET balance = 11 WHERE id = 1");
            c.rollback(sp);
            rig.proxy.releaseHeld();
            awaitMarkGone(rig, FaultRig.PREFIX + "acc:1"); // the late write lands
            c.rollback();
            rig.assertNoStaleEntries("a write delivered after a savepoint rollback, then the transaction rolled back");
        }
    }

    private static void awaitMarkGone(FaultRig rig, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline && !"11".equals(rig.direct.hget(key, "balance"))) {
            Thread.sleep(10); // watching for the late write to land (or not), bounded
        }
    }

    /**
     * Why {@code redis.pipeline=transaction} is not the default. A pipelined write held in the network while its
     * transaction fails a statement — PostgreSQL then releases the transaction's row locks, before its rollback — can
     * reach Redis after another transaction has written the same row and committed. Until the first transaction rolls
     * back, Redis then holds its dead value for a committed row. The rollback puts the committed value back (it asks
     * PostgreSQL which owner committed). With {@code statement} the same needs the write's reply to be lost for a whole
     * {@code redis.timeout.ms} before the failing statement; with {@code transaction}, only the time two statements
     * take.
     */
    @Test
    void aPipelinedWriteHeldPastAFailedStatementHidesALaterCommitUntilItsRollback(TestDatabase db,
            PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection a = rig.connect("transaction");
                Connection b = rig.connect("statement"); Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            String key = FaultRig.PREFIX + "acc:1";
            sa.executeUpdate("UPDATE accounts SET balance = 10 WHERE id = 1");
            a.setAutoCommit(false);
            rig.proxy.cutAtCommand(1, FaultyProxy.Cut.HOLD, WRITE_OF_A_ROW);
            assertThat(sa.executeUpdate("UPDATE accounts SET balance = 11 WHERE id = 1")).isEqualTo(1);
            assertThatThrownBy(() -> sa.executeQuery("SELECT 1 / 0")).isInstanceOf(SQLException.class);
            assertThat(sb.executeUpdate("UPDATE accounts SET balance = 22 WHERE id = 1"))
                    .as("the failed statement released the row's lock").isEqualTo(1);
            assertThat(rig.direct.hget(key, "balance")).isEqualTo("22");

            rig.proxy.releaseHeld();
            awaitMarkGone(rig, key); // the held write lands
            assertThat(rig.direct.hget(key, "balance")).as("the dead value, over a committed row").isEqualTo("11");

            a.rollback();
            assertThat(rig.direct.hget(key, "balance")).as("put back by the rollback").isEqualTo("22");
            rig.assertExact("a pipelined write held past a failed statement and another transaction's commit");
        }
    }

    @Test
    void aRollbackAfterAnotherConnectionsCommitRestoresTheCommittedValue(TestDatabase db, PrivateRedisServer server) throws Exception {
        try (FaultRig rig = FaultRig.create(db, server, 2_000); Connection a = rig.connect(); Connection b = rig.connect();
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1"); // committed; the connection stays open, idle
            b.setAutoCommit(false);
            sb.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1");
            b.rollback();
            rig.assertExact("a committed value, then another transaction's rollback of the same key");
        }
    }
}
