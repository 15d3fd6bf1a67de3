package dev.zerocold.api.v2;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.Tensor;
import java.util.List;

/** What every classifier answers as tensors: {@code probabilities} FP32 [N, C] and the top {@code label} BYTES [N]. */
final class ClassifierTensors {

    static final String PROBABILITIES = "probabilities";
    static final String LABEL = "label";

    private ClassifierTensors() {
    }

    static List<TensorSpec> outputs(int classes) {
        return List.of(new TensorSpec(PROBABILITIES, "FP32", List.of(-1L, (long) classes)),
                new TensorSpec(LABEL, "BYTES", List.of(-1L)));
    }

    static List<Tensor> outputs(List<ClassScores> scores, int classes) {
        float[] probabilities = new float[scores.size() * classes];
        String[] labels = new String[scores.size()];
        for (int i = 0; i < scores.size(); i++) {
            ClassScores one = scores.get(i);
            System.arraycopy(one.probabilities(), 0, probabilities, i * classes, classes);
            labels[i] = one.labels().get(one.top());
        }
        return List.of(new Tensor(PROBABILITIES, DataType.FP32, new long[] {scores.size(), classes}, probabilities),
                new Tensor(LABEL, DataType.BYTES, new long[] {scores.size()}, labels));
    }
}
