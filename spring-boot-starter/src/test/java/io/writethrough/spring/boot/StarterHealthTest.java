package io.writethrough.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.PrivateRedisServer;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.WriteThroughServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code writethrough} health contributor when the application's Redis stops answering. */
@SpringBootTest(classes = TestApplication.class, properties = {"spring.main.banner-mode=off", "writethrough.redis.timeout.ms=300"})
@ExtendWith(WriteThroughServices.class)
@DirtiesContext
class StarterHealthTest {

    private static TestDatabase db;
    private static PrivateRedisServer redis;

    @Autowired
    private Accounts accounts;

    @Autowired
    private WriteThroughHealthIndicator writethroughHealthIndicator;

    @BeforeAll
    static void services(TestDatabase database) {
        db = database;
        db.execute(Accounts.TABLE);
        redis = PrivateRedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @DynamicPropertySource
    static void writeThrough(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::writeThroughUrl);
        registry.add("writethrough.redis.url", redis::url);
        registry.add("writethrough.table.accounts.key", () -> "account:{id}");
    }

    @Test
    void downWithTheReasonWhileRedisIsStoppedAndUpOnceItIsBack() {
        accounts.open("Grace", 1);
        assertThat(writethroughHealthIndicator.health().getDetails()).containsEntry(redis.url(), "UP");

        redis.stop();
        Health down = writethroughHealthIndicator.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get(redis.url())).asString().isNotBlank().isNotEqualTo("UP");

        redis.start();
        assertThat(writethroughHealthIndicator.health().getDetails()).containsEntry(redis.url(), "UP");
    }
}
