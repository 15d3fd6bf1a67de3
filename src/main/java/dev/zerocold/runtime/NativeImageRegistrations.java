package dev.zerocold.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes that libraries instantiate by name at run time and that a native image must therefore
 * keep: ONNX Runtime types created from its JNI code, and the OpenNLP factories and feature
 * generators named inside serialized OpenNLP models. JNI access itself is declared in
 * {@code META-INF/native-image/dev.zerocold/zerocold/jni-config.json}.
 */
@RegisterForReflection(classNames = {
        "ai.onnxruntime.TensorInfo",
        "ai.onnxruntime.SequenceInfo",
        "ai.onnxruntime.MapInfo",
        "ai.onnxruntime.OrtException",
        "ai.onnxruntime.OnnxSparseTensor",
        "ai.onnxruntime.OnnxTensor",
        "opennlp.tools.sentdetect.SentenceDetectorFactory",
        "opennlp.tools.doccat.DoccatFactory",
        "opennlp.tools.doccat.BagOfWordsFeatureGenerator",
        "opennlp.tools.doccat.NGramFeatureGenerator",
        "opennlp.tools.ml.maxent.GISModel",
        "opennlp.tools.ml.model.GenericModelReader",
        "opennlp.tools.util.model.GenericModelSerializer",
        "opennlp.tools.util.model.PropertiesSerializer",
        "opennlp.tools.util.model.ByteArraySerializer"
}, fields = true, methods = true)
final class NativeImageRegistrations {

    private NativeImageRegistrations() {
    }
}
