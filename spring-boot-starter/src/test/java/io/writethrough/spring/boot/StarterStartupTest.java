package io.writethrough.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Applications started per test, with H2 on the classpath, for what a shared {@code @SpringBootTest} context cannot show. */
@ExtendWith(WriteThroughServices.class)
class StarterStartupTest {

    @Test
    void entriesWinOverAClasspathMappingFileWhichStillApplies(TestDatabase db, TestRedis redis, @TempDir Path classpath)
            throws Exception {
        db.execute(Accounts.TABLE);
        // Found by the driver as the classpath resource writethrough.properties, through the thread's class loader.
        Files.writeString(classpath.resolve("writethrough.properties"), """
                redis.url=redis://no-such-host.invalid:6379
                table.accounts.key=%sfile-account:{id}
                table.accounts.columns=owner
                """.formatted(redis.prefix()));
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            try (ConfigurableApplicationContext app = run("--spring.datasource.url=" + db.writeThroughUrl(),
                    "--writethrough.redis.url=" + redis.url(), "--writethrough.table.accounts.key=" + redis.prefix() + "account:{id}")) {
                int eve = app.getBean(Accounts.class).open("Eve", 7);

                assertThat(redis.client().hgetAll(redis.key("account:" + eve))).isEqualTo(Map.of("owner", "Eve"));
                assertThat(redis.keys()).containsExactly(redis.key("account:" + eve));
            }
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void aBadTemplateFailsTheFirstConnectionNamingTheKey(TestDatabase db, TestRedis redis) {
        try (ConfigurableApplicationContext app = run("--spring.datasource.url=" + db.writeThroughUrl(),
                "--writethrough.redis.url=" + redis.url(), "--writethrough.table.accounts.key=" + redis.prefix() + "account:{id")) {
            assertThatThrownBy(() -> connect(app)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("writethrough.table.accounts.key").hasMessageContaining("account:{id");
        }
    }

    @Test
    void aMisspelledSettingFailsTheFirstConnectionNamingIt(TestDatabase db, TestRedis redis) {
        try (ConfigurableApplicationContext app = run("--spring.datasource.url=" + db.writeThroughUrl(),
                "--writethrough.redis.url=" + redis.url(), "--writethrough.table.accounts.key=" + redis.prefix() + "account:{id}",
                "--writethrough.table.accounts.formt=json")) {
            assertThatThrownBy(() -> connect(app)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("writethrough.table.accounts.formt").hasMessageContaining("format");
        }
    }

    @Test
    void withoutTheFallbacksSpringBootPicksH2(TestDatabase db, TestRedis redis) {
        ApplicationListener<ApplicationEnvironmentPreparedEvent> removeFallback = event -> event.getEnvironment()
                .getPropertySources().remove(WriteThroughFallbacksEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
        try (ConfigurableApplicationContext app = builder().listeners(removeFallback).run(
                "--spring.datasource.url=" + db.writeThroughUrl(), "--writethrough.redis.url=" + redis.url(),
                "--writethrough.table.accounts.key=" + redis.prefix() + "account:{id}")) {
            assertThatThrownBy(() -> connect(app)).hasMessageContaining("Driver org.h2.Driver claims to not accept jdbcUrl");
        }
    }

    @Test
    void anotherPoolWithEntriesFailsItsCreationSayingWhy(TestDatabase db, TestRedis redis) {
        assertThatThrownBy(() -> run("--spring.datasource.url=" + db.writeThroughUrl(),
                "--spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource",
                "--writethrough.redis.url=" + redis.url(), "--writethrough.table.accounts.key=" + redis.prefix() + "account:{id}").close())
                .isInstanceOf(BeanCreationException.class)
                .hasStackTraceContaining("org.springframework.jdbc.datasource.SimpleDriverDataSource")
                .hasStackTraceContaining("only to HikariCP pools")
                .hasStackTraceContaining("writethrough.redis.url, writethrough.table.accounts.key");
    }

    private static void connect(ConfigurableApplicationContext app) throws SQLException {
        try (Connection connection = app.getBean(DataSource.class).getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        return builder().run(args);
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF);
    }
}
