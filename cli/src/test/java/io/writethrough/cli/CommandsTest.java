package io.writethrough.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * warm, verify and repair against a real PostgreSQL and Redis, run as the command line runs them: warm writes what
 * the driver writes; verify names tampered keys with their field, counts them and exits 1 (0 when clean); repair fixes
 * exactly that and verify then passes; a dry run changes nothing.
 */
@ExtendWith(WriteThroughServices.class)
class CommandsTest {

    @Test
    void warmWritesEveryRowExactlyAsTheDriverWritesIt(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        try (Connection c = shop.connect()) {
            Shop.fill(c, 1, 60);
        }
        Map<String, Object> written = snapshot(shop);
        assertThat(written).hasSize(120);
        shop.deleteAllEntries();
        // Rows the driver never saw (there before it).
        try (Connection raw = db.connect()) {
            Shop.fill(raw, 61, 40);
        }

        Cli.Result warm = Cli.run(shop.args("warm", "--batch-size", "7"));

        assertThat(warm.exit()).as("%s", warm).isZero();
        assertThat(warm.lastLine()).isEqualTo("rows=200 written=200 owned=0");
        Map<String, Object> warmed = snapshot(shop);
        assertThat(warmed).hasSize(200);
        // Byte for byte what the driver wrote (hash fields and JSON text alike) ...
        for (Map.Entry<String, Object> entry : written.entrySet()) {
            assertThat(warmed.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        // ... and, for the rows the driver never saw, what the independent oracle expects.
        shop.assertConsistent();
    }

    @Test
    void verifyIsCleanThenNamesEachTamperedKeyAndRepairFixesExactlyThat(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        try (Connection c = shop.connect()) {
            Shop.fill(c, 1, 30);
        }
        Cli.Result clean = Cli.run(shop.args("verify"));
        assertThat(clean.exit()).as("%s", clean).isZero();
        assertThat(clean.lastLine()).isEqualTo("rows=60 matching=60 missing=0 stale=0 orphan=0");

        String p = shop.prefix;
        redis.client().hset(p + "user:3", "name", "tampered");                      // stale field
        redis.client().del(p + "user:4");                                           // missing
        redis.client().hset(p + "user:999", Map.of("id", "999", "name", "ghost"));  // orphan: never a row
        redis.client().set(p + "order:5", redis.client().get(p + "order:5").replace("\"user_id\":5", "\"user_id\":55"));
        try (Connection raw = db.connect(); Statement st = raw.createStatement()) {
            st.executeUpdate("DELETE FROM orders WHERE id = 6");                    // its key stays: orphan
        }

        Cli.Result found = Cli.run(shop.args("verify"));
        assertThat(found.exit()).as("%s", found).isEqualTo(1);
        assertThat(found.lastLine()).isEqualTo("rows=59 matching=56 missing=1 stale=2 orphan=2");
        assertThat(found.out()).contains("stale users " + p + "user:3 field name: redis=tampered db=user 3",
                "missing users " + p + "user:4", "orphan users " + p + "user:999",
                "stale orders " + p + "order:5 field user_id: redis=55 db=5", "orphan orders " + p + "order:6",
                "table users: rows=30 matching=28 missing=1 stale=1 orphan=1",
                "table orders: rows=29 matching=28 missing=0 stale=1 orphan=1");

        Cli.Result json = Cli.run(shop.args("verify", "--json"));
        assertThat(json.exit()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.at("/total/stale").asLong()).isEqualTo(2);
        assertThat(report.at("/tables/orders/orphan").asLong()).isEqualTo(1);
        assertThat(report.get("differences")).hasSize(5);
        assertThat(report.at("/differences/0/key").asText()).startsWith(p);

        Map<String, Object> before = snapshot(shop);
        Cli.Result dryRun = Cli.run(shop.args("repair", "--dry-run"));
        assertThat(dryRun.exit()).as("%s", dryRun).isZero();
        assertThat(dryRun.out()).contains("user:3 field name: redis=tampered db=user 3 -> would write",
                p + "user:999 (entry without row) -> would delete", "would write=3 would delete=2");
        assertThat(snapshot(shop)).as("a dry run changes nothing").isEqualTo(before);

        Cli.Result repair = Cli.run(shop.args("repair"));
        assertThat(repair.exit()).as("%s", repair).isZero();
        assertThat(repair.out()).contains("written=3 deleted=2 left to their owners=0");
        shop.assertConsistent();
        Cli.Result after = Cli.run(shop.args("verify"));
        assertThat(after.exit()).as("%s", after).isZero();
        assertThat(after.lastLine()).isEqualTo("rows=59 matching=59 missing=0 stale=0 orphan=0");
    }

    @Test
    void onlyTheNamedTablesAreCovered(TestDatabase db, TestRedis redis) throws Exception {
        Shop shop = Shop.create(db, redis);
        try (Connection raw = db.connect()) {
            Shop.fill(raw, 1, 10);
        }
        Cli.Result warm = Cli.run(shop.args("warm", "--table", "orders"));
        assertThat(warm.exit()).as("%s", warm).isZero();
        assertThat(shop.keys()).hasSize(10).allMatch(key -> key.startsWith(shop.prefix + "order:"));
        Cli.Result verify = Cli.run(shop.args("verify", "--table", "orders", "--table", "users"));
        assertThat(verify.lastLine()).isEqualTo("rows=20 matching=10 missing=10 stale=0 orphan=0");
        assertThat(verify.err()).contains("verify orders rows: started", "verify users keys: started");
    }

    /** Every entry of the shop: a hash's fields, or a JSON string's text. */
    private static Map<String, Object> snapshot(Shop shop) {
        Map<String, Object> entries = new HashMap<>();
        for (String key : shop.keys()) {
            entries.put(key, shop.redis.type(key).equals("hash") ? shop.redis.hgetAll(key) : shop.redis.get(key));
        }
        return entries;
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
