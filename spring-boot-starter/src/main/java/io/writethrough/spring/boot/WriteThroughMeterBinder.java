package io.writethrough.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.writethrough.metrics.WriteThroughMetrics;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * Records the driver's {@code writethrough.*} meters in every registry Spring Boot binds meter binders to, until the
 * application context closes (the driver's configurations outlive a context in tests and redeploys; their meters must
 * not keep reporting to a closed context's registry).
 */
final class WriteThroughMeterBinder implements MeterBinder, DisposableBean {

    private final List<WriteThroughMetrics.Binding> bindings = new ArrayList<>();

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        bindings.add(WriteThroughMetrics.bind(registry));
    }

    @Override
    public synchronized void destroy() {
        bindings.forEach(WriteThroughMetrics.Binding::close);
        bindings.clear();
    }
}
