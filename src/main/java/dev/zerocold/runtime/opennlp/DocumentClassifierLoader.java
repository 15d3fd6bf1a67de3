package dev.zerocold.runtime.opennlp;

import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.Task;
import jakarta.enterprise.context.ApplicationScoped;

/** Loads OpenNLP document categorizers ({@code framework: opennlp}, {@code task: sentiment}). */
@ApplicationScoped
public class DocumentClassifierLoader implements ModelLoader {

    /** The {@code settings} block of such a model.yaml. */
    public record Settings(String artifact) {
        public Settings {
            if (artifact == null) {
                throw new IllegalArgumentException("settings need artifact");
            }
        }
    }

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.OPENNLP && config.task() == Task.SENTIMENT;
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        Settings settings = ModelRepository.YAML.treeToValue(source.config().settings(), Settings.class);
        return new DocumentClassifier(Artifacts.read(settings.artifact(), source.directory()));
    }
}
