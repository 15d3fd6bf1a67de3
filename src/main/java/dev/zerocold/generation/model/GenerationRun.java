package dev.zerocold.generation.model;

import dev.zerocold.runtime.serving.GenerationScheduler;
import dev.zerocold.runtime.text.DecoderTokenizer;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * One sequence's side of the scheduler: samples its tokens, turns them into text, applies its stop
 * strings and its length, and pushes the chunks to its stream. The stream buffers at most one chunk
 * per token the sequence may generate (plus the last), so a slow reader holds a bounded amount.
 * Runs on the scheduler thread; {@link #cancelled} is read from it and set from the stream's.
 */
final class GenerationRun implements GenerationScheduler.Sequence {

    private final long[] prompt;
    private final int maxNewTokens;
    private final long deadlineNanos;
    private final Set<Long> endOfText;
    private final Sampler sampler;
    private final TextDeltas deltas;
    private final StopStrings stops;
    private final UnicastProcessor<GenerationChunk> chunks;
    private volatile boolean cancelled;
    private int generated;

    GenerationRun(long[] prompt, int maxNewTokens, long deadlineNanos, Set<Long> endOfText, SamplingParams sampling,
                  List<String> stop, DecoderTokenizer tokenizer) {
        this.prompt = prompt;
        this.maxNewTokens = maxNewTokens;
        this.deadlineNanos = deadlineNanos;
        this.endOfText = endOfText;
        this.sampler = new Sampler(sampling);
        this.deltas = new TextDeltas(tokenizer);
        this.stops = new StopStrings(stop);
        this.chunks = UnicastProcessor.create(new ArrayBlockingQueue<>(maxNewTokens + 2), () -> cancelled = true);
    }

    GenerationStream stream() {
        return new GenerationStream(prompt.length, chunks, () -> cancelled = true);
    }

    @Override
    public long[] prompt() {
        return prompt;
    }

    @Override
    public int maxNewTokens() {
        return maxNewTokens;
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public int sample(float[] logits, int offset, int vocabulary) {
        return sampler.next(logits, offset, vocabulary);
    }

    @Override
    public boolean accept(int token) {
        generated++;
        if (endOfText.contains((long) token)) {
            return finish(stops.add(deltas.flush()) + stops.flush(), "stop");
        }
        String text = stops.add(deltas.add(token));
        if (stops.stopped()) {
            return finish(text, "stop");
        }
        if (generated >= maxNewTokens) {
            text += stops.add(deltas.flush());
            text += stops.flush();
            return finish(text, stops.stopped() ? "stop" : "length");
        }
        if (!text.isEmpty()) {
            chunks.onNext(new GenerationChunk(text, null, prompt.length, generated));
        }
        return false;
    }

    private boolean finish(String text, String reason) {
        chunks.onNext(new GenerationChunk(text, reason, prompt.length, generated));
        chunks.onComplete();
        return true;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void fail(RuntimeException error) {
        chunks.onError(error);
    }
}
