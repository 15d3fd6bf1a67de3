package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX model with one float32 input and one float32 output whose first dimension is the batch:
 * callers hand it a row-major batch and get one output row per item. Thread-safe (the session
 * supports concurrent runs).
 */
public final class OnnxFloatModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;
    private final String output;

    /** Takes ownership of {@code session}, which {@link #close()} releases. */
    public OnnxFloatModel(OnnxRuntime runtime, OrtSession session) throws OrtException {
        this.environment = runtime.environment();
        this.session = session;
        if (session.getNumInputs() != 1) {
            throw new IllegalArgumentException("expected a model with one input, found " + session.getNumInputs());
        }
        this.input = session.getInputNames().iterator().next();
        this.output = session.getOutputNames().iterator().next();
    }

    /** The network's input name. */
    public String inputName() {
        return input;
    }

    /** The network's input shape as the session reports it (-1 for a dimension it leaves open). */
    public long[] inputShape() {
        try {
            return ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
        } catch (OrtException | ClassCastException e) {
            throw new IllegalStateException("cannot read the input of the network: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a batch.
     *
     * @param batch row-major values of shape {@code itemShape} prefixed by the batch size
     * @param size  number of items in the batch
     * @param itemShape shape of one item, e.g. {@code [1, 28, 28]}
     * @return one output row per item
     */
    public float[][] run(float[] batch, int size, long[] itemShape) {
        long[] shape = new long[itemShape.length + 1];
        shape[0] = size;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor), java.util.Set.of(output))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer values = out.getFloatBuffer();
            int width = values.remaining() / size;
            float[][] rows = new float[size][width];
            for (int i = 0; i < size; i++) {
                values.get(i * width, rows[i]);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        OnnxRuntime.close(session);
    }
}
