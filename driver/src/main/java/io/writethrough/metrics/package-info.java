/**
 * What the driver counts, and where it goes: {@link io.writethrough.metrics.WriteThroughMetrics} binds a Micrometer
 * registry (public API); {@link io.writethrough.metrics.DriverMetrics} is the sink each configuration's code reports
 * to. Without a bound registry every report is one volatile read and nothing else. Micrometer is an optional
 * dependency: only {@code MicrometerRecorder} uses its types, and it is loaded only when a registry is bound. A leaf:
 * uses no other package of the driver.
 */
package io.writethrough.metrics;
