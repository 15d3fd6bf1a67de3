package dev.zerocold.recommend.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.zerocold.recommend.FactorModelStore;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A retrained recommender written as a model version folder: the factor model's files and model.yaml
 * ({@link FactorModelStore}), plus {@code training.json} saying which journal entries it was trained
 * on and the ids it gave users without a numeric id, so that a restart serves it exactly as before.
 */
public final class TrainedVersions {

    static final String TRAINING = "training.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** What {@code training.json} holds: the journal watermark it was trained to and its named users. */
    @RegisterForReflection
    public record Training(int journalEntries, Map<String, Integer> namedUsers) {
    }

    private TrainedVersions() {
    }

    /** Writes a retraining's result into {@code dir} (created; it must not hold a model yet). */
    public static void write(Path dir, Retrainer.Result result) throws IOException {
        if (Files.exists(dir.resolve("model.yaml"))) {
            throw new IOException(dir + " already holds a model");
        }
        FactorModelStore.write(result.model(), dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(TRAINING).toFile(),
                new Training(result.journalEntries(), result.namedUsers()));
    }

    /** The model stored in {@code dir}, with its training record when it has one (a retrained version). */
    public static RecommenderModel read(Path dir) throws IOException {
        Path training = dir.resolve(TRAINING);
        if (!Files.isRegularFile(training)) {
            return new RecommenderModel(FactorModelStore.read(dir));
        }
        Training t = JSON.readValue(training.toFile(), Training.class);
        return new RecommenderModel(FactorModelStore.read(dir), t.journalEntries(),
                t.namedUsers() == null ? Map.of() : t.namedUsers());
    }
}
