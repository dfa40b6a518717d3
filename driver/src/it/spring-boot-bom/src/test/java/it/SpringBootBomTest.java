package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The driver under Spring Boot 4's dependency management: Boot's Jedis 7 on the classpath, no version override. */
class SpringBootBomTest {

    @Test
    void writesThroughBesideBootsJedis() throws Exception {
        assertTrue(jarOf(Jedis.class).contains("jedis-7."), "Boot's BOM should have put Jedis 7 here: " + jarOf(Jedis.class));
        // The published POM names only slf4j-api: neither JSqlParser nor sql-mapping comes along on its own.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.sf.jsqlparser.parser.CCJSqlParserUtil"));
        assertEquals(1, Collections.list(getClass().getClassLoader()
                .getResources("io/writethrough/mapping/MappingConfig.class")).size());
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String table = "it_boot_" + suffix;
        String prefix = "it-boot-" + suffix + ":";
        URI redisUri = URI.create(System.getenv("WRITETHROUGH_TEST_REDIS_URL"));

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(System.getenv("WRITETHROUGH_TEST_JDBC_URL").replaceFirst("^jdbc:", "jdbc:writethrough:"));
        config.addDataSourceProperty("writethrough.redis.url", redisUri.toString());
        config.addDataSourceProperty("writethrough.table." + table + ".key", prefix + "{id}");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config);
                Jedis redis = new Jedis(redisUri.getHost(), redisUri.getPort())) {
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
                st.executeUpdate("INSERT INTO " + table + " VALUES (1, 'ada'), (2, 'bob')");
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE " + table + " SET name = 'grace' WHERE id = 1");
                st.executeUpdate("DELETE FROM " + table + " WHERE id = 2");
                c.commit();
                st.executeUpdate("UPDATE " + table + " SET name = 'rolled back' WHERE id = 1");
                c.rollback();
                c.setAutoCommit(true);
            }
            try {
                assertEquals(Map.of("id", "1", "name", "grace"), redis.hgetAll(prefix + "1"));
                assertFalse(redis.exists(prefix + "2"));
            } finally {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE " + table);
                }
                redis.del(prefix + "1", prefix + "2");
            }
        }
    }

    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }
}
