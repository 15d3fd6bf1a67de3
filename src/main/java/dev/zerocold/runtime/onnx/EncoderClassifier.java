package dev.zerocold.runtime.onnx;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.LinearHead;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Text classification as sentence embedding + linear head. Thread-safe (both parts are).
 */
public final class EncoderClassifier implements Model<String, ClassScores> {

    private final OnnxTextEncoder encoder;
    private final OnnxTextEncoder.Pooling pooling;
    private final LinearHead head;

    public EncoderClassifier(OnnxTextEncoder encoder, OnnxTextEncoder.Pooling pooling, LinearHead head) {
        this.encoder = encoder;
        this.pooling = pooling;
        this.head = head;
    }

    @Override
    public Signature<String, ClassScores> signature() {
        return Signature.TEXT_CLASSIFIER;
    }

    @Override
    public List<String> labels() {
        return head.labels();
    }

    @Override
    public List<ItemResult<ClassScores>> predict(List<String> texts) {
        float[][] embeddings = encoder.embed(texts, pooling);
        List<ItemResult<ClassScores>> scores = new ArrayList<>(embeddings.length);
        for (float[] embedding : embeddings) {
            scores.add(ItemResult.ok(head.apply(embedding)));
        }
        return scores;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
