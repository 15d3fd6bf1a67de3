package dev.zerocold.sentiment.service;

import dev.zerocold.sentiment.SentimentConfig;

import dev.zerocold.sentiment.rest.SentimentRequest;
import dev.zerocold.sentiment.rest.SentimentResponse;

import dev.zerocold.common.Texts;
import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.zerocold.common.Scores;
import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Turns sentiment requests into model calls and class probabilities into the API's
 * positive/negative/neutral answer. A request's text (and, when detailed, its sentences) enter the
 * model's queue together and may share a batch with other requests' texts; each text is cached by
 * its trimmed form. Nothing here blocks. Stateless and thread-safe.
 */
@ApplicationScoped
public class SentimentService {

    static final String POSITIVE = "positive";
    static final String NEGATIVE = "negative";
    static final String NEUTRAL = "neutral";

    private final Inference inference;
    private final SentenceSplitter splitter;
    private final StartupTimeline timeline;
    private final SentimentConfig config;

    public SentimentService(Inference inference, SentenceSplitter splitter, StartupTimeline timeline,
                            SentimentConfig config) {
        this.inference = inference;
        this.splitter = splitter;
        this.timeline = timeline;
        this.config = config;
    }

    /** The sentiment of a request's text; fails (through the future) as the task's errors say. */
    public CompletableFuture<SentimentResponse> predict(SentimentRequest request, long startNanos) {
        String text = checkedText(request.text());
        String name = modelName(request.model());
        List<String> inputs = new ArrayList<>();
        inputs.add(text);
        List<String> sentences = request.detailed() ? sentences(text) : List.of();
        inputs.addAll(sentences);
        return inference.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, name, request.version(), request.routingKey())
                .thenCompose(served -> Futures.inOrder(served.submitAll(inputs))
                        .thenApply(scores -> answer(request, sentences, scores, served, startNanos)));
    }

    /**
     * Texts as the sentiment endpoint takes them (stripped, not blank, not too long), counted against
     * {@code zerocold.batch.max-items}; {@code field} names them in errors, e.g. {@code texts}.
     */
    public List<String> checkedTexts(List<String> raw, String field) {
        inference.checkItems(raw.size(), field);
        List<String> texts = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            texts.add(checkedText(raw.get(i), field + "[" + i + "]"));
        }
        return texts;
    }

    /** Classifies checked texts together with a served model; a failure names the text as {@code field[i]}. */
    public CompletableFuture<List<ClassScores>> classify(ServedModel<String, ClassScores> served, List<String> texts,
                                                         String field) {
        return served.predictAll(texts, field);
    }

    /** The model to use when a request names {@code model} (null for the default). */
    public String modelName(String model) {
        return model == null ? config.defaultModel() : model;
    }

    /**
     * A request text stripped, or an {@link InvalidInputException} if it is blank (only whitespace,
     * control and format characters, e.g. a lone NUL) or too long.
     *
     * @param what how to name the text in an error, e.g. {@code text} or {@code texts[3]}
     */
    public String checkedText(String raw, String what) {
        return Texts.checked(raw == null ? "" : raw.strip(), what, config.maxTextLength(), null);
    }

    private String checkedText(String raw) {
        return checkedText(raw, "text");
    }

    /** {@link #classify}, each text answered without the request-level fields (batch, {@code /predict/{name}}). */
    public CompletableFuture<List<BatchSentiment>> summarize(ServedModel<String, ClassScores> served, List<String> texts,
                                                             String field) {
        return classify(served, texts, field).thenApply(all -> all.stream().map(this::summarize).toList());
    }

    private BatchSentiment summarize(ClassScores scores) {
        return new BatchSentiment(label(scores), Scores.fourDecimals(scores.probabilities()[scores.top()]),
                Scores.fourDecimals(score(scores)));
    }

    /** The sentiment of one text of a batch. */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record BatchSentiment(String sentiment, double confidence, double score) {
    }

    private SentimentResponse answer(SentimentRequest request, List<String> sentences, List<ClassScores> scores,
                                     ServedModel<String, ClassScores> version, long startNanos) {
        ClassScores whole = scores.get(0);
        Map<String, Double> probabilities = null;
        List<SentimentResponse.SentenceSentiment> perSentence = null;
        if (request.detailed()) {
            probabilities = new LinkedHashMap<>();
            probabilities.put(POSITIVE, Scores.fourDecimals(whole.probability(POSITIVE)));
            probabilities.put(NEGATIVE, Scores.fourDecimals(whole.probability(NEGATIVE)));
            perSentence = new ArrayList<>(sentences.size());
            for (int i = 0; i < sentences.size(); i++) {
                ClassScores s = scores.get(i + 1);
                perSentence.add(new SentimentResponse.SentenceSentiment(sentences.get(i), label(s),
                        Scores.fourDecimals(s.probabilities()[s.top()]), Scores.fourDecimals(score(s))));
            }
        }
        return new SentimentResponse(label(whole), Scores.fourDecimals(whole.probabilities()[whole.top()]),
                Scores.fourDecimals(score(whole)), probabilities, perSentence, version.key().name(), version.key().version(),
                Latency.millisSince(startNanos), timeline.coldStartFlag());
    }

    /** The sentences of a text, at most the configured number; a single sentence is not split out. */
    private List<String> sentences(String text) {
        List<String> all = splitter.split(text);
        if (all.size() < 2) {
            return List.of();
        }
        return all.subList(0, Math.min(all.size(), config.maxSentences()));
    }

    private String label(ClassScores scores) {
        int top = scores.top();
        return scores.probabilities()[top] < config.neutralThreshold() ? NEUTRAL : scores.labels().get(top);
    }

    private static double score(ClassScores scores) {
        return scores.probability(POSITIVE) - scores.probability(NEGATIVE);
    }
}
