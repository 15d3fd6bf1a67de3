package dev.zerocold.runtime.serving;

import dev.zerocold.runtime.ModelKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one generative model version, tagged {@code model} and {@code version} (plus a
 * fixed phase, kind, state or outcome): time to first token, inter-token latency, prefill,
 * decode and token-handling step times, rows per decode step, prompt and generated token counters (tokens/s is their
 * rate), running and waiting sequences, reserved and budgeted cache tokens, sequences by outcome.
 * {@link #remove} takes every series away when the version is unloaded. Thread-safe.
 */
public final class GenerationMetrics {

    /** How a sequence ended. */
    public enum Outcome {
        FINISHED, CANCELLED, FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer timeToFirstToken;
    private final Timer interToken;
    private final Timer prefill;
    private final Timer decode;
    private final Timer tokens;
    private final DistributionSummary rows;
    private final Counter promptTokens;
    private final Counter generatedTokens;
    private final Counter rejected;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    public GenerationMetrics(MeterRegistry registry, ModelKey key) {
        this.registry = registry;
        this.tags = key.tags();
        this.timeToFirstToken = add(latency("zerocold.generation.time.to.first.token",
                "Time from a sequence's arrival to its first generated token (queue and prefill)"));
        this.interToken = add(latency("zerocold.generation.inter.token",
                "Time between two consecutive tokens of one sequence"));
        this.prefill = add(step("prefill", "Time of one prompt's prefill run"));
        this.decode = add(step("decode", "Time of one decode step of the running batch"));
        this.tokens = add(step("tokens", "Time to turn one decode step's logits into every row's token, text and "
                + "stream chunk (sampling, detokenising, stop strings, the hand-off to the response)"));
        this.rows = add(DistributionSummary.builder("zerocold.generation.batch.rows")
                .description("Running sequences advanced by one decode step")
                .tags(tags).serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry));
        this.promptTokens = add(tokens("prompt"));
        this.generatedTokens = add(tokens("generated"));
        this.rejected = add(Counter.builder("zerocold.generation.rejections")
                .description("Sequences refused because too many already waited (503)").tags(tags).register(registry));
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, add(Counter.builder("zerocold.generation.sequences.ended")
                    .description("Sequences that left the scheduler, by outcome")
                    .tags(tags).tag("outcome", outcome.tag()).register(registry)));
        }
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private Timer step(String phase, String description) {
        return Timer.builder("zerocold.generation.step").description(description).tags(tags).tag("phase", phase)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    private Counter tokens(String kind) {
        return Counter.builder("zerocold.generation.tokens")
                .description("Tokens processed, by kind: prompt tokens prefilled, tokens generated")
                .tags(tags).tag("kind", kind).register(registry);
    }

    /** Registers the gauges that read {@code scheduler}. */
    void watch(GenerationScheduler scheduler) {
        add(Gauge.builder("zerocold.generation.sequences", scheduler, GenerationScheduler::runningCount)
                .description("Sequences by state: running (in the decode batch) or waiting")
                .tags(tags).tag("state", "running").register(registry));
        add(Gauge.builder("zerocold.generation.sequences", scheduler, GenerationScheduler::waitingCount)
                .description("Sequences by state: running (in the decode batch) or waiting")
                .tags(tags).tag("state", "waiting").register(registry));
        add(Gauge.builder("zerocold.generation.kv.cache.tokens", scheduler, GenerationScheduler::reservedTokens)
                .description("Key/value cache tokens reserved by running sequences (prompt + max new tokens each)")
                .tags(tags).register(registry));
        add(Gauge.builder("zerocold.generation.kv.cache.capacity.tokens", scheduler, s -> s.limits().kvCacheTokens())
                .description("Key/value cache tokens the running sequences may reserve (zerocold.generation.kv-cache-tokens)")
                .tags(tags).register(registry));
    }

    void prefill(int promptTokens, long nanos) {
        this.promptTokens.increment(promptTokens);
        prefill.record(nanos, TimeUnit.NANOSECONDS);
    }

    void decode(int rows, long nanos) {
        this.rows.record(rows);
        decode.record(nanos, TimeUnit.NANOSECONDS);
    }

    void tokens(long nanos) {
        tokens.record(nanos, TimeUnit.NANOSECONDS);
    }

    void firstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void interToken(long nanos) {
        interToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void generated() {
        generatedTokens.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void finished(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    /** Removes every series of this version. */
    public void remove() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }

    private <M extends Meter> M add(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }
}
