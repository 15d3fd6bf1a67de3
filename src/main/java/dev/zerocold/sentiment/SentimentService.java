package dev.zerocold.sentiment;

import dev.zerocold.common.Scores;
import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ZerocoldConfig;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.opennlp.SentenceSplitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns sentiment requests into model calls and class probabilities into the API's
 * positive/negative/neutral answer. Stateless and thread-safe.
 */
@ApplicationScoped
public class SentimentService {

    static final String POSITIVE = "positive";
    static final String NEGATIVE = "negative";
    static final String NEUTRAL = "neutral";

    private final ModelManager models;
    private final SentenceSplitter splitter;
    private final StartupTimeline timeline;
    private final ZerocoldConfig.Sentiment config;

    public SentimentService(ModelManager models, SentenceSplitter splitter, StartupTimeline timeline,
                            ZerocoldConfig config) {
        this.models = models;
        this.splitter = splitter;
        this.timeline = timeline;
        this.config = config.sentiment();
    }

    public SentimentResponse predict(SentimentRequest request, long startNanos) {
        String text = request.text().trim();
        if (text.length() > config.maxTextLength()) {
            throw new InvalidInputException("text is " + text.length() + " characters; at most "
                    + config.maxTextLength() + " are accepted");
        }
        String name = request.model() == null ? config.defaultModel() : request.model();
        ModelVersion version = models.resolve(Task.SENTIMENT, name, request.version());

        List<String> inputs = new ArrayList<>();
        inputs.add(text);
        List<String> sentences = request.detailed() ? sentences(text) : List.of();
        inputs.addAll(sentences);
        List<ClassScores> scores = version.predict(inputs);

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
