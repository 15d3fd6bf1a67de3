package dev.zerocold.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * When the process reached each startup milestone, in seconds since the process was started (exec),
 * exported as {@code zerocold_startup_seconds{phase}} and {@code zerocold_model_ready_seconds}.
 * Also decides which prediction is the process's first (the one answered with {@code cold_start}).
 * Thread-safe.
 */
@ApplicationScoped
public class StartupTimeline {

    public static final String HTTP_LISTENING = "http_listening";
    public static final String MODELS_SETTLED = "models_settled";
    public static final String FIRST_PREDICTION = "first_prediction";

    private static final Logger LOG = Logger.getLogger(StartupTimeline.class);

    private final MeterRegistry registry;
    private final long processStartMillis = processStart();
    private final Map<String, Double> phases = new ConcurrentHashMap<>();
    private final AtomicBoolean firstPredictionServed = new AtomicBoolean();

    public StartupTimeline(MeterRegistry registry) {
        this.registry = registry;
    }

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        mark(HTTP_LISTENING);
    }

    /** Seconds since the process started. */
    public double sinceProcessStart() {
        return (System.currentTimeMillis() - processStartMillis) / 1000.0;
    }

    /** Records {@code phase} now, once; later calls for the same phase are ignored. */
    public void mark(String phase) {
        double at = sinceProcessStart();
        if (phases.putIfAbsent(phase, at) == null) {
            Gauge.builder("zerocold.startup", phases, p -> p.getOrDefault(phase, Double.NaN))
                    .description("Seconds from process start to each startup milestone")
                    .baseUnit("seconds")
                    .tag("phase", phase)
                    .register(registry);
        }
    }

    /** Records when one model version became READY (or FAILED), and how long its load took. */
    public void markModel(ModelKey key, ModelStatus status, double loadSeconds) {
        double at = sinceProcessStart();
        Gauge.builder("zerocold.model.settled", () -> at)
                .description("Seconds from process start until the model version finished loading")
                .baseUnit("seconds").tags(key.tags()).tag("status", status.name())
                .register(registry);
        Gauge.builder("zerocold.model.load", () -> loadSeconds)
                .description("Duration of the model version's load")
                .baseUnit("seconds").tags(key.tags())
                .register(registry);
    }

    /** {@code TRUE} for the process's first prediction, {@code null} (omitted from JSON) for every other. */
    public Boolean coldStartFlag() {
        return claimFirstPrediction() ? Boolean.TRUE : null;
    }

    /** True exactly once per process: for the first prediction it serves. */
    public boolean claimFirstPrediction() {
        if (firstPredictionServed.compareAndSet(false, true)) {
            mark(FIRST_PREDICTION);
            LOG.infof("First prediction served %.3f s after process start (%s)", sinceProcessStart(), summary());
            return true;
        }
        return false;
    }

    /** Milestones reached so far, e.g. {@code http_listening=0.62s, models_settled=1.10s}. */
    public String summary() {
        return phases.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> String.format("%s=%.3fs", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static long processStart() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
