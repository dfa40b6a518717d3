package io.writethrough.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which registries a configuration's sink records into: those bound everywhere, to it, each once however often bound;
 * none once it or the bindings are closed. Every sink here is the test's own, so other tests' configurations do not
 * count; the counters are read by the table tag this test alone uses.
 */
class DriverMetricsTest {

    private static final String TABLE = "driver_metrics_test";

    private static double written(MeterRegistry registry) {
        var counter = registry.find("writethrough.entries.written").tag("table", TABLE).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void withNoRegistryBoundNothingRecordsAndNoClockIsRead() {
        DriverMetrics metrics = DriverMetrics.open();
        try {
            assertThat(metrics.recording()).isFalse();
            assertThat(metrics.startTime()).isEqualTo(DriverMetrics.NOT_TIMED);
            metrics.written(TABLE, 3);
            metrics.redisTimeSince(DriverMetrics.NOT_TIMED);
        } finally {
            metrics.close();
        }
    }

    @Test
    void aRegistryBoundEverywhereRecordsConfigurationsOpenedBeforeAndAfterUntilTheBindingCloses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics before = DriverMetrics.open();
        WriteThroughMetrics.Binding binding = WriteThroughMetrics.bind(registry);
        DriverMetrics after = DriverMetrics.open();
        try {
            before.written(TABLE, 2);
            after.written(TABLE, 3);
            assertThat(written(registry)).isEqualTo(5);
            assertThat(registry.find("writethrough.entries.undone").counter()).as("registered at once").isNotNull();

            binding.close();
            before.written(TABLE, 7);
            after.written(TABLE, 7);
            assertThat(written(registry)).isEqualTo(5);
            assertThat(before.recording()).isFalse();
            assertThat(after.startTime()).isEqualTo(DriverMetrics.NOT_TIMED);
        } finally {
            binding.close();
            before.close();
            after.close();
        }
    }

    @Test
    void aRegistryBoundTwiceRecordsOnceAndUntilItsLastBindingCloses() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics metrics = DriverMetrics.open();
        try (WriteThroughMetrics.Binding everywhere = WriteThroughMetrics.bind(registry);
                WriteThroughMetrics.Binding again = WriteThroughMetrics.bind(registry);
                WriteThroughMetrics.Binding own = metrics.bind(registry)) {
            metrics.written(TABLE, 1);
            assertThat(written(registry)).isEqualTo(1);

            everywhere.close();
            everywhere.close();
            own.close();
            metrics.written(TABLE, 1);
            assertThat(written(registry)).as("one binding is left").isEqualTo(2);

            again.close();
            metrics.written(TABLE, 1);
            assertThat(written(registry)).isEqualTo(2);
        } finally {
            metrics.close();
        }
    }

    @Test
    void aRegistryBoundToOneConfigurationRecordsOnlyThatOneUntilItCloses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DriverMetrics bound = DriverMetrics.open();
        DriverMetrics other = DriverMetrics.open();
        try {
            bound.bind(registry);
            bound.written(TABLE, 2);
            other.written(TABLE, 5);
            assertThat(written(registry)).isEqualTo(2);

            bound.close();
            bound.written(TABLE, 2);
            assertThat(written(registry)).isEqualTo(2);
            assertThatThrownBy(() -> bound.bind(registry)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> DriverMetrics.DISABLED.bind(registry)).isInstanceOf(IllegalStateException.class);
        } finally {
            bound.close();
            other.close();
        }
    }

    @Test
    void twoRegistriesEachRecordEveryEventWithItsTags() {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        DriverMetrics metrics = DriverMetrics.open();
        try {
            metrics.bind(first);
            metrics.bind(second);
            metrics.written(TABLE, 4);
            metrics.deleted(TABLE, 1);
            metrics.undone(2);
            metrics.redisError(DriverMetrics.RedisError.TIMEOUT);
            SQLException refusal = new SQLException("refused", "0A000");
            assertThat((Object) metrics.refused(refusal)).isSameAs(refusal);
            metrics.orphansResolved(DriverMetrics.Outcome.ABORTED, 3);
            metrics.orphansResolved(DriverMetrics.Outcome.REFILLED, 0);
            metrics.redisTimeSince(metrics.startTime());

            for (MeterRegistry registry : new MeterRegistry[] {first, second}) {
                assertThat(written(registry)).isEqualTo(4);
                assertThat(registry.get("writethrough.entries.deleted").tag("table", TABLE).counter().count()).isEqualTo(1);
                assertThat(registry.get("writethrough.entries.undone").counter().count()).isEqualTo(2);
                assertThat(registry.get("writethrough.redis.errors").tag("kind", "timeout").counter().count()).isEqualTo(1);
                assertThat(registry.get("writethrough.redis.errors").tag("kind", "connection").counter().count()).isZero();
                assertThat(registry.get("writethrough.statements.refused").tag("sqlstate", "0A000").counter().count())
                        .isEqualTo(1);
                assertThat(registry.get("writethrough.orphans.resolved").tag("outcome", "aborted").counter().count())
                        .isEqualTo(3);
                assertThat(registry.get("writethrough.orphans.resolved").tag("outcome", "refilled").counter().count())
                        .isZero();
                assertThat(registry.get("writethrough.redis.time").timer().count()).isEqualTo(1);
            }
        } finally {
            metrics.close();
        }
    }
}
