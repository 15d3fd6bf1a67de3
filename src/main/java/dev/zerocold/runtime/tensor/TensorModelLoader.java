package dev.zerocold.runtime.tensor;

import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTensorModel;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;

/**
 * Loads any ONNX model as a {@link TensorModel} ({@code framework: onnx} with {@code task: tensor},
 * or no task): nothing about it is written in Java or declared in YAML beyond where its file is;
 * its inputs and outputs are read from the graph. Serving defaults are the serving core's.
 */
@Singleton
public class TensorModelLoader implements ModelLoader {

    /**
     * The {@code settings} block of a tensor model's model.yaml: the ONNX file ({@code model.onnx}
     * when unset) and, optionally, its intra-op threads.
     */
    @RegisterForReflection  // bound by Jackson by reflection, also in a native image
    public record Settings(String artifact, Integer intraOpThreads) {
        public Settings {
            artifact = artifact == null ? "model.onnx" : artifact;
            OnnxRuntime.checkThreads(intraOpThreads);
        }
    }

    private final OnnxRuntime runtime;

    public TensorModelLoader(OnnxRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.ONNX && config.task() == Task.TENSOR;
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        Settings settings = source.config().settings() == null ? new Settings(null, null)
                : ModelYaml.settings(source.config(), Settings.class);
        return new TensorModel(new OnnxTensorModel(runtime,
                runtime.createSession(settings.artifact(), source.directory(), settings.intraOpThreads())));
    }
}
