package dev.zerocold.image;

import dev.zerocold.image.model.ImageClassifier;
import dev.zerocold.image.model.ImageClassifierLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading an image model checks it with one prediction, so a mismatch fails the load, not requests. */
class ImageClassifierLoaderTest {

    private static final Path RGB224 = Path.of("src/test/resources/models/rgb224/1");

    @TempDir
    Path root;

    @Test
    void aModelWhoseOutputMatchesItsLabelsLoads() throws Exception {
        Model<?, ?> model = new ImageClassifierLoader(new OnnxRuntime(1, 1), 40_000_000).load(source("labels.txt"));
        assertEquals(3, ((ImageClassifier) model).labels().size());
        model.close();
    }

    @Test
    void aModelWithMoreLabelsThanOutputsFailsToLoad() throws Exception {
        Files.createDirectories(root.resolve("rgb224/1"));
        Files.writeString(root.resolve("rgb224/1/four-labels.txt"), "red\ngreen\nblue\nalpha\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ImageClassifierLoader(new OnnxRuntime(1, 1), 40_000_000).load(source("four-labels.txt")));
        assertTrue(e.getMessage().contains("3 scores for 4 labels"), e.getMessage());
    }

    private ModelSource source(String labelsFile) throws Exception {
        Path version = Files.createDirectories(root.resolve("rgb224/1"));
        for (String file : List.of("model.onnx", "labels.txt")) {
            if (!Files.exists(version.resolve(file))) {
                Files.copy(RGB224.resolve(file), version.resolve(file));
            }
        }
        Files.writeString(version.resolve("model.yaml"),
                Files.readString(RGB224.resolve("model.yaml")).replace("labels_file: labels.txt", "labels_file: " + labelsFile));
        return new ModelRepository(root).scan().get(0);
    }
}
