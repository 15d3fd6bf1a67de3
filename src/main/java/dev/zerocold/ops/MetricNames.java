package dev.zerocold.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Set;

/**
 * Keeps the JVM and HTTP series that Micrometer and Quarkus register within the Prometheus naming
 * rules that {@code promtool check metrics} applies (docs/metrics.md lists them):
 * <ul>
 *   <li>{@code system.cpu.count} is exported as {@code system_cpu_processors}: a gauge whose name
 *       ends in {@code _count} reads as part of a histogram or summary;</li>
 *   <li>{@code process.cpu.time} (nanoseconds, exported as {@code process_cpu_time_ns_total}, an
 *       abbreviated unit) is replaced by {@code process_cpu_seconds_total}, the same CPU time in
 *       seconds, under the name the Prometheus client libraries use for it;</li>
 *   <li>the long task timer {@code http.server.connections} is dropped: its samples
 *       ({@code _active_count}, {@code _duration_sum}) fit no Prometheus type, and the number of open
 *       connections is {@code http_server_active_connections} already.</li>
 * </ul>
 */
@Singleton
public class MetricNames {

    static final Set<String> DROPPED = Set.of("process.cpu.time", "http.server.connections");

    @Produces
    @Singleton
    MeterFilter prometheusNames() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return DROPPED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpu.processors") : id;
            }
        };
    }

    /** CPU time of the process in seconds, where the JVM reports it (HotSpot and GraalVM do). */
    @Produces
    @Singleton
    MeterBinder processCpuSeconds() {
        return registry -> bindProcessCpu(registry, ManagementFactory.getOperatingSystemMXBean());
    }

    static void bindProcessCpu(MeterRegistry registry, OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean bean && bean.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", bean, b -> b.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the Java Virtual Machine process")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }
}
