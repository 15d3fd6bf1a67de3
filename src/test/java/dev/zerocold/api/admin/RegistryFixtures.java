package dev.zerocold.api.admin;

import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.opennlp.DocumentClassifier;
import dev.zerocold.sentiment.model.DocumentClassifierLoader;
import dev.zerocold.sentiment.training.DocumentClassifierTraining;
import dev.zerocold.sentiment.training.LabeledSentences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the registry tests' fixture {@code src/test/resources/registry/sentiment-fast/2}: an OpenNLP
 * categorizer like {@code models/sentiment-fast/1} but trained on another split (the even-numbered
 * half of the training sentences, cutoff 2), so a second real version exists to deploy. Run from the
 * project root: {@code java -cp target/classes:target/test-classes:$(deps) dev.zerocold.api.admin.RegistryFixtures}.
 */
public final class RegistryFixtures {

    static final Path SENTIMENT_FAST_2 = Path.of("src/test/resources/registry/sentiment-fast/2");

    private RegistryFixtures() {
    }

    public static void main(String[] args) throws IOException {
        LabeledSentences train = LabeledSentences.read(LabeledSentences.DEFAULT_FILE, "train");
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < train.size(); i += 2) {
            texts.add(train.texts().get(i));
            labels.add(train.labels().get(i));
        }
        byte[] model = DocumentClassifierTraining.train(texts, labels, 100, 2);
        LabeledSentences test = LabeledSentences.read(LabeledSentences.DEFAULT_FILE, "test");
        var predictions = new DocumentClassifier(model).predict(test.texts());
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            var scores = predictions.get(i).value();
            correct += scores.labels().get(scores.top()).equals(test.labels().get(i)) ? 1 : 0;
        }
        Files.createDirectories(SENTIMENT_FAST_2);
        Files.write(SENTIMENT_FAST_2.resolve("model.bin"), model);
        ModelYaml.write(SENTIMENT_FAST_2, new ModelConfig(Framework.OPENNLP, Task.SENTIMENT,
                "Test fixture: OpenNLP maxent categorizer on the even half of the UCI training split (held-out accuracy "
                        + String.format("%.3f", (double) correct / test.size()) + ")",
                List.of("negative", "positive"), null, ModelYaml.tree(new DocumentClassifierLoader.Settings("model.bin")), null, null),
                RegistryFixtures.class.getName());
        System.out.printf("wrote %s: %d training sentences, held-out accuracy %.3f%n", SENTIMENT_FAST_2, texts.size(),
                (double) correct / test.size());
    }
}
