package io.writethrough.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The URL, the configuration lookup and the objects frameworks reach through the driver. */
@ExtendWith(WriteThroughServices.class)
class DriverEntryTest {

    @Test
    void driverManagerFindsTheDriverFromTheUrlAlone(TestDatabase db, TestRedis redis) throws Exception {
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        String url = db.writeThroughUrl() + "&writethrough.config=" + s.configFile;
        assertThat(DriverManager.getDriver(url)).isInstanceOf(WriteThroughDriver.class);
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(c).isInstanceOf(WriteThroughConnection.class);
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(md.getURL()).startsWith("jdbc:writethrough:postgresql://").doesNotContain("?");
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                assertThat(st.getConnection()).isSameAs(c);
                assertThat(ps.getConnection()).isSameAs(c);
                assertThat(ps.executeQuery().getStatement()).isSameAs(ps);
                // The real driver never sees writethrough.* parameters: pgjdbc would warn or fail on them.
                assertThat(c.unwrap(org.postgresql.PGConnection.class).getParameterStatus("application_name")).isNotNull();
            }
        }
    }

    @Test
    void hikariWithOnlyAJdbcUrlAndASystemProperty(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id serial PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.writeThroughUrl() + "&writethrough.config=" + s.configFile);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name) VALUES ('h')");
        }
        assertThat(s.hash("user:1")).containsEntry("name", "h");
        s.assertConsistent();
    }

    @Test
    void dataSourceByUrlAndWrappingAnotherDataSource(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id serial PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        WriteThroughDataSource byUrl = new WriteThroughDataSource();
        byUrl.setUrl(db.writeThroughUrl());
        byUrl.setProperty("writethrough.config", s.configFile.toString());
        try (Connection c = byUrl.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name) VALUES ('url')");
        }
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(db.jdbcUrl());
        WriteThroughDataSource wrapping = WriteThroughDataSource.wrapping(pg, s.properties());
        try (Connection c = wrapping.getConnection(); Statement st = c.createStatement()) {
            assertThat(c).isInstanceOf(WriteThroughConnection.class);
            st.executeUpdate("INSERT INTO users (name) VALUES ('wrapped')");
        }
        assertThat(wrapping.unwrap(org.postgresql.ds.PGSimpleDataSource.class)).isSameAs(pg);
        assertThat(s.hash("user:1")).containsEntry("name", "url");
        assertThat(s.hash("user:2")).containsEntry("name", "wrapped");
        s.assertConsistent();
    }

    @Test
    void theMappingMayBeGivenAsPropertiesWithoutAFile(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE users (id serial PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.users.key={p}user:{id}");
        Properties p = new Properties();
        p.setProperty("writethrough.redis.url", redis.url());
        p.setProperty("writethrough.table.users.key", s.key("user:{id}"));
        try (Connection c = DriverManager.getConnection(db.writeThroughUrl(), p); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name) VALUES ('props')");
        }
        assertThat(s.hash("user:1")).containsEntry("name", "props");
        s.assertConsistent();

        Properties noTables = new Properties();
        noTables.setProperty("writethrough.redis.url", redis.url());
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(db.writeThroughUrl(), noTables));
        assertThat(e.getMessage()).contains("no mapping file found", "writethrough.table.users.key=user:{id}");
        assertThat(e.getSQLState()).isEqualTo("08001");
    }

    @Test
    void aMissingMappingFileFailsConnectNamingIt(TestDatabase db) throws Exception {
        Properties p = new Properties();
        p.setProperty("writethrough.config", "/nonexistent/writethrough.properties");
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(db.writeThroughUrl(), p));
        assertThat(e.getMessage()).contains("/nonexistent/writethrough.properties", "does not exist", "connection property");
        assertThat(e.getSQLState()).isEqualTo("08001");
    }

    @Test
    void aBrokenMappingFileNamesFileKeyAndValueButNoPassword(TestDatabase db) throws Exception {
        Path file = Files.createTempFile("broken-", ".properties");
        Files.writeString(file, "redis.url=redis://app:s3cr3t-canary@localhost:6379\ntable.users.key=user:{id\n");
        Properties p = new Properties();
        p.setProperty("writethrough.config", file.toString());
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(db.writeThroughUrl(), p));
        assertThat(e.getMessage()).contains(file.toString(), "table.users.key", "user:{id", "unclosed '{'")
                .doesNotContain("s3cr3t-canary");
        assertThat(e.getSQLState()).isEqualTo("08001");
        Files.writeString(file, "table.users.kye=user:{id}\n");
        e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(db.writeThroughUrl(), p));
        assertThat(e.getMessage()).contains("table.users.kye", "table.users.key");
    }

    @Test
    void propertyInfoListsThisDriversSettingsAndTheRealOnes(TestDatabase db) throws Exception {
        DriverPropertyInfo[] info = new WriteThroughDriver().getPropertyInfo(db.writeThroughUrl(), new Properties());
        assertThat(Arrays.stream(info).map(i -> i.name))
                .contains("writethrough.config", "writethrough.redis.url", "writethrough.on.unsupported.write", "user");
        DriverPropertyInfo policy = Arrays.stream(info).filter(i -> i.name.equals("writethrough.on.unsupported.write")).findFirst().orElseThrow();
        assertThat(policy.choices).containsExactly("fail", "ignore");
    }

    @Test
    void urlParametersAreStrippedBeforeTheRealDriver() {
        DriverUrl url = DriverUrl.parse("jdbc:writethrough:postgresql://h:5432/db?user=u&writethrough.config=x.properties"
                + "&password=p&writethrough.redis.url=redis%3A%2F%2Fh%3A1");
        assertThat(url.realUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=p");
        assertThat(url.parameters()).containsEntry("writethrough.config", "x.properties")
                .containsEntry("writethrough.redis.url", "redis://h:1");
        assertThat(url.toString()).doesNotContain("password").isEqualTo("jdbc:writethrough:postgresql://h:5432/db");
        assertThat(new WriteThroughDriver().acceptsURL("jdbc:postgresql://h/db")).isFalse();
    }
}
