package io.writethrough.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.jdbc.MappedSchema;
import io.writethrough.jdbc.WriteThroughDriver;
import io.writethrough.testing.PrivatePgBouncer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behind PgBouncer in transaction pooling mode (a few server connections, shared by every client between
 * transactions): writes through the driver (autocommit, committed, rolled back) keep Redis equal to the database;
 * {@code warm}, {@code verify} and {@code repair} work, and leave nothing on the server connections for the next
 * clients: their lock-only transactions commit without waiting for the WAL, which a session-wide
 * {@code SET synchronous_commit = off} would have handed on to the application's transactions.
 */
@ExtendWith(WriteThroughServices.class)
class BehindPgBouncerTest {

    @Test
    void writesAndTheAuditWorkAndLeaveNoSessionSettingForTheNextClient(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, v text)",
                "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 250) g");
        // No search_path through the pooler (it ignores pgjdbc's options): the mapping names the schema.
        MappedSchema schema = MappedSchema.of(db, redis, "table." + db.schema() + ".items.key={p}item:{id}");
        // The audit holds three transactions at once (reading, and two chunks' locks), the driver's recovery one more.
        try (PrivatePgBouncer bouncer = PrivatePgBouncer.launch(db, 4)) {
            String url = "jdbc:writethrough:" + bouncer.jdbcUrl().substring("jdbc:".length());
            String items = db.schema() + ".items";
            try (CacheAudit audit = WriteThroughDriver.audit(url, schema.properties())) {
                AuditReport warmed = audit.warm(new AuditOptions(List.of(), 100, 0, 10), null);
                assertThat(warmed.total().written()).isEqualTo(250);
            }
            try (Connection c = DriverManager.getConnection(url, schema.properties()); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE " + items + " SET v = 'autocommit' WHERE id = 1");
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE " + items + " SET v = 'rolled back' WHERE id <= 10");
                c.rollback();
                st.executeUpdate("INSERT INTO " + items + " VALUES (251, 'committed')");
                st.executeUpdate("DELETE FROM " + items + " WHERE id = 2");
                c.commit();
            }
            schema.assertConsistent();
            try (CacheAudit audit = WriteThroughDriver.audit(url, schema.properties())) {
                redis.client().del(schema.key("item:7"));
                AuditReport repaired = audit.repair(AuditOptions.defaults(), false, null);
                assertThat(repaired.total().missing()).isEqualTo(1);
                assertThat(audit.verify(AuditOptions.defaults(), null).consistent()).isTrue();
            }
            // As many transactions at once as there are server connections: each holds one, and shows its setting.
            List<Connection> next = new ArrayList<>();
            try {
                List<String> found = new ArrayList<>();
                for (int i = 0; i < bouncer.serverConnections(); i++) {
                    Connection c = DriverManager.getConnection(bouncer.jdbcUrl());
                    next.add(c);
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                        rs.next();
                        found.add(rs.getString(1));
                    }
                }
                assertThat(found).as("synchronous_commit on each server connection the next clients get")
                        .containsOnly("on");
            } finally {
                for (Connection c : next) {
                    c.close();
                }
            }
        }
        schema.assertConsistent();
    }
}
