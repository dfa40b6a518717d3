package io.writethrough.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.writethrough.testing.ForkedJvm;
import io.writethrough.jdbc.MappedSchema;
import io.writethrough.testing.TestDatabase;
import io.writethrough.testing.TestRedis;
import io.writethrough.testing.WriteThroughServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Micrometer is an optional dependency: the driver works as before without it. A JVM of its own runs on the test
 * classpath less every Micrometer jar and does the ordinary work ({@link WithoutMicrometerScenario}); Redis must then
 * match the database.
 */
@ExtendWith(WriteThroughServices.class)
class MicrometerAbsentTest {

    @Test
    void theDriverWorksWithoutMicrometerOnTheClasspath(TestDatabase db, TestRedis redis) throws Exception {
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        MappedSchema s = MappedSchema.of(db, redis, "table.items.key={p}item:{id}");

        ForkedJvm.Result result = ForkedJvm.run(WithoutMicrometerScenario.class, List.of(),
                List.of(db.writeThroughUrl(), s.properties().getProperty("writethrough.config")), Duration.ofMinutes(2),
                entry -> !Path.of(entry).getFileName().toString().startsWith("micrometer-"));

        assertThat(result.exitCode()).as("the child's output:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("OK");
        assertThat(s.hash("item:1")).containsEntry("name", "x");
        assertThat(s.exists("item:2")).isFalse();
        assertThat(s.hash("item:3")).containsEntry("name", "c");
        s.assertConsistent();
    }
}
