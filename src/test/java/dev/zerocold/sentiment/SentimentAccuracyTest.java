package dev.zerocold.sentiment;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.Task;
import dev.zerocold.sentiment.training.LabeledSentences;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Held-out accuracy of the served sentiment models on the fixed 600-sentence test split. */
@QuarkusTest
class SentimentAccuracyTest {

    private final Inference models;

    SentimentAccuracyTest(Inference models) {
        this.models = models;
    }

    @Test
    void encoderModelIsAtLeast95PercentAccurate() throws IOException {
        double accuracy = accuracy("sentiment");
        System.out.printf("sentiment (BGE-small + logistic regression) held-out accuracy: %.4f%n", accuracy);
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    }

    @Test
    void openNlpModelIsAtLeast82PercentAccurate() throws IOException {
        double accuracy = accuracy("sentiment-fast");
        System.out.printf("sentiment-fast (OpenNLP maxent) held-out accuracy: %.4f%n", accuracy);
        assertTrue(accuracy >= 0.82, "accuracy " + accuracy);
    }

    private double accuracy(String model) throws IOException {
        LabeledSentences test = LabeledSentences.read(LabeledSentences.DEFAULT_FILE, "test");
        assertEquals(600, test.size());
        ServedModel<String, ClassScores> served = models.serveNow(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, model, null);
        int correct = 0;
        for (int from = 0; from < test.size(); from += 32) {
            int to = Math.min(test.size(), from + 32);
            List<ClassScores> scores = served.predictAll(test.texts().subList(from, to), "texts").join();
            for (int i = from; i < to; i++) {
                ClassScores s = scores.get(i - from);
                if (s.labels().get(s.top()).equals(test.labels().get(i))) {
                    correct++;
                }
            }
        }
        return (double) correct / test.size();
    }
}
