package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Redis error names a key of the statement that failed, not a key of an earlier transaction's pending undo. */
@ExtendWith(WriteThroughServices.class)
class RedisErrorAttributionTest {

    @Test
    void aStatementsErrorNamesItsOwnKeyWhileAnEarlierUndoWaits(TestDatabase db, TestRedis redis, PrivateRedisServer server)
            throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)", "INSERT INTO users VALUES (1, 'a'), (2, 'b')");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        Properties p = s.properties();
        p.setProperty("writethrough.redis.url", server.url());
        p.setProperty("writethrough.redis.timeout.ms", "500");
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("UPDATE users SET name = 'x' WHERE id = 1");
            server.stop();
            // The undo of user:1 cannot reach Redis: it waits in the retry queue.
            c.rollback();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE users SET name = 'y' WHERE id = 2"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("'" + s.key("user:2") + "'")
                    .hasMessageNotContaining(s.key("user:1"));
            c.rollback();
        }
        // Back up, the retrier applies the waiting undos and the released pool closes.
        server.start();
    }
}
