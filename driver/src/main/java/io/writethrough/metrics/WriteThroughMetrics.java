package io.writethrough.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Records the driver's meters in a Micrometer {@link MeterRegistry}: entries written and deleted per mapped table,
 * keys put back by undos, Redis errors by kind, statements the driver refused by SQLState, ownership marks the
 * recovery resolved by outcome, and the time statements waited for their Redis write. Every meter's name starts with
 * {@code writethrough.}; {@code docs/operations.md} ("Metrics") lists them.
 * <pre>{@code
 * WriteThroughMetrics.Binding metrics = WriteThroughMetrics.bind(meterRegistry); // every configuration
 * ...
 * metrics.close(); // stops recording
 * }</pre>
 * To record a single configuration only, give the registry to its data source instead
 * ({@code WriteThroughDataSource.setMeterRegistry}).
 *
 * <p>Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency of the driver: without a bound
 * registry the driver neither needs it nor loads it.
 */
public final class WriteThroughMetrics {

    private WriteThroughMetrics() {
    }

    /** Ends a {@link #bind binding}. */
    public interface Binding extends AutoCloseable {

        /** Stops recording into the registry for this binding. Idempotent; never throws. */
        @Override
        void close();
    }

    /**
     * Records the meters of every writethrough configuration of this class loader — those live now and those created
     * later — into {@code registry}, until the returned binding is closed.
     *
     * <p>Bindings are counted per registry: binding the same registry twice (here, or here and through a data
     * source) records each event once, and the registry keeps recording until every binding of it is closed. The
     * meters stay in the registry afterwards, with the counts they had.
     */
    public static Binding bind(MeterRegistry registry) {
        return DriverMetrics.bindEverywhere(Objects.requireNonNull(registry, "registry"));
    }
}
