package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.update.Update;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The driver beside an application's own Jedis 5 and JSqlParser 4: each side uses its own. */
class OwnLibrariesTest {

    @Test
    void writesThroughBesideOlderJedisAndJsqlParser() throws Exception {
        assertTrue(jarOf(Jedis.class).contains("jedis-5.2.0"), jarOf(Jedis.class));
        assertTrue(jarOf(CCJSqlParserUtil.class).contains("jsqlparser-4.9"), jarOf(CCJSqlParserUtil.class));
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String table = "it_own_" + suffix;
        String prefix = "it-own-" + suffix + ":";
        URI redisUri = URI.create(System.getenv("WRITETHROUGH_TEST_REDIS_URL"));
        String update = "UPDATE " + table + " SET name = ? WHERE id = ?";
        // The application's own JSqlParser 4 still parses what it sends.
        assertInstanceOf(Update.class, CCJSqlParserUtil.parse(update));

        Properties settings = new Properties();
        settings.setProperty("writethrough.redis.url", redisUri.toString());
        settings.setProperty("writethrough.table." + table + ".key", prefix + "{id}");
        String url = System.getenv("WRITETHROUGH_TEST_JDBC_URL").replaceFirst("^jdbc:", "jdbc:writethrough:");
        try (Connection c = DriverManager.getConnection(url, settings);
                Jedis redis = new Jedis(redisUri.getHost(), redisUri.getPort())) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
                st.executeUpdate("INSERT INTO " + table + " VALUES (7, 'ada')");
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    ps.setString(1, "lovelace");
                    ps.setInt(2, 7);
                    assertEquals(1, ps.executeUpdate());
                }
                assertEquals(Map.of("id", "7", "name", "lovelace"), redis.hgetAll(prefix + "7"));
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
                redis.del(prefix + "7");
            }
        }
    }

    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }
}
