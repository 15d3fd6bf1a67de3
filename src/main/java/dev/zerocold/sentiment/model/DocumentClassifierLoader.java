package dev.zerocold.sentiment.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.opennlp.DocumentClassifier;
import dev.zerocold.runtime.serving.BatchingPolicy;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Loads OpenNLP document categorizers ({@code framework: opennlp}, {@code task: sentiment}). Serving
 * defaults: batches of up to 16 texts, two at a time (a categorizer scores texts one by one on its
 * thread, so batching mostly saves hand-offs), no queue delay, predictions cached.
 */
@Singleton  // stateless; no client proxy, so the shared base class needs no no-args constructor
public class DocumentClassifierLoader extends SentimentModelLoader {

    /** The {@code settings} block of such a model.yaml. */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record Settings(String artifact) {
        public Settings {
            if (artifact == null) {
                throw new IllegalArgumentException("settings need artifact");
            }
        }
    }

    public DocumentClassifierLoader() {
        super(Framework.OPENNLP);
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 16, Duration.ZERO, 1024, Duration.ofSeconds(10), 2);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        Settings settings = ModelYaml.settings(source.config(), Settings.class);
        return new DocumentClassifier(Artifacts.read(settings.artifact(), source.directory()));
    }
}
