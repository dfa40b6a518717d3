package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application that commits after one of its statements failed: PostgreSQL rolls the transaction back without an
 * error (and so does pgjdbc's {@code commit()} by default), so Redis must be put back as for a rollback, not have the
 * transaction's values kept as committed.
 */
@ExtendWith(WriteThroughServices.class)
class CommitOfAFailedTransactionTest {

    private static MappedSchema accounts(TestDatabase db, TestRedis redis) {
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts VALUES (1, 100), (2, 100)");
        return MappedSchema.of(db, redis, "table.accounts.key={p}acc:{id}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"statement", "transaction"})
    void commitAfterAFailedStatementPutsRedisBack(String pipeline, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection c = s.connect("redis.pipeline", pipeline); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE accounts SET balance = 100");
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            assertThatThrownBy(() -> st.executeQuery("SELECT 1 / 0")).isInstanceOf(SQLException.class);

            c.commit(); // as pgjdbc: no error, the database rolled back

            assertThat(s.balance(1)).isEqualTo(100);
            assertThat(s.hash("acc:1")).containsEntry("balance", "100");
            c.setAutoCommit(true);
            st.executeUpdate("UPDATE accounts SET balance = 102 WHERE id = 2");
        }
        s.assertConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"statement", "transaction"})
    void aFailedTakeOverIsUndoneToo(String pipeline, TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = accounts(db, redis);
        try (Connection a = s.connect("redis.pipeline", pipeline);
                Connection b = s.connect("redis.pipeline", pipeline);
                Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sb.executeUpdate("UPDATE accounts SET balance = 100"); // committed; b's marks linger, taken over below
            a.setAutoCommit(false);
            sa.executeUpdate("UPDATE accounts SET balance = 101 WHERE id = 1");
            assertThatThrownBy(() -> sa.executeUpdate("UPDATE accounts SET balance = 'x' WHERE id = 2"))
                    .isInstanceOf(SQLException.class);
            a.commit();
            assertThat(s.hash("acc:1")).containsEntry("balance", "100");
        }
        s.assertConsistent();
    }
}
