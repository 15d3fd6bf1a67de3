package dev.zerocold.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorMetadata;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Any ONNX model, run by its own named tensors: its {@link TensorMetadata} is read from the session (names,
 * element types, shapes with -1 for symbolic dimensions), and it runs {@link Tensor}s in and out.
 * Thread-safe (the session supports concurrent runs).
 */
public final class OnnxTensorModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final TensorMetadata metadata;

    /**
     * Takes ownership of {@code session}, which {@link #close()} releases.
     *
     * @throws IllegalArgumentException a tensor of a type zerocold does not serve (e.g. FP16), or a
     *                                  non-tensor input or output (sequences, maps)
     */
    public OnnxTensorModel(OnnxRuntime runtime, OrtSession session) throws OrtException {
        this.environment = runtime.environment();
        this.session = session;
        this.metadata = new TensorMetadata(specs(session.getInputInfo(), "input"), specs(session.getOutputInfo(), "output"));
    }

    public TensorMetadata metadata() {
        return metadata;
    }

    /** Runs the model on {@code inputs} (checked against its metadata by the caller) and returns every output. */
    public List<Tensor> run(List<Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (Tensor tensor : inputs) {
                feed.put(tensor.name(), toOnnx(tensor));
            }
            try (OrtSession.Result result = session.run(feed)) {
                List<Tensor> outputs = new ArrayList<>(result.size());
                for (Map.Entry<String, OnnxValue> entry : result) {
                    outputs.add(fromOnnx(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                return outputs;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        return switch (tensor.datatype()) {
            case FP32 -> OnnxTensor.createTensor(environment, FloatBuffer.wrap((float[]) tensor.data()), shape);
            case FP64 -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap((double[]) tensor.data()), shape);
            case INT8 -> OnnxTensor.createTensor(environment, ByteBuffer.wrap((byte[]) tensor.data()), shape, OnnxJavaType.INT8);
            case UINT8 -> OnnxTensor.createTensor(environment, ByteBuffer.wrap((byte[]) tensor.data()), shape, OnnxJavaType.UINT8);
            case INT16 -> OnnxTensor.createTensor(environment, ShortBuffer.wrap((short[]) tensor.data()), shape);
            case INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap((int[]) tensor.data()), shape);
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap((long[]) tensor.data()), shape);
            case BOOL -> {
                boolean[] values = (boolean[]) tensor.data();
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = (byte) (values[i] ? 1 : 0);
                }
                yield OnnxTensor.createTensor(environment, ByteBuffer.wrap(bytes), shape, OnnxJavaType.BOOL);
            }
            case BYTES -> OnnxTensor.createTensor(environment, (String[]) tensor.data(), shape);
        };
    }

    private static Tensor fromOnnx(String name, OnnxTensor value) throws OrtException {
        TensorInfo info = value.getInfo();
        long[] shape = info.getShape();
        DataType type = datatype(info, name);
        int size = Math.toIntExact(info.getNumElements());
        Object data = type.newArray(size);
        switch (type) {
            case FP32 -> value.getFloatBuffer().get((float[]) data);
            case FP64 -> value.getDoubleBuffer().get((double[]) data);
            case INT8, UINT8 -> value.getByteBuffer().get((byte[]) data);
            case INT16 -> value.getShortBuffer().get((short[]) data);
            case INT32 -> value.getIntBuffer().get((int[]) data);
            case INT64 -> value.getLongBuffer().get((long[]) data);
            case BOOL -> {
                ByteBuffer bytes = value.getByteBuffer();
                boolean[] flags = (boolean[]) data;
                for (int i = 0; i < size; i++) {
                    flags[i] = bytes.get(i) != 0;
                }
            }
            case BYTES -> flatten(value.getValue(), (String[]) data, 0);
        }
        return new Tensor(name, type, shape, data);
    }

    /** Copies a (possibly nested) String array into {@code out} in row-major order. */
    private static int flatten(Object array, String[] out, int at) {
        if (array instanceof String single) {
            out[at] = single;
            return at + 1;
        }
        int length = Array.getLength(array);
        for (int i = 0; i < length; i++) {
            at = flatten(Array.get(array, i), out, at);
        }
        return at;
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes, String kind) {
        List<TensorSpec> specs = new ArrayList<>(nodes.size());
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new IllegalArgumentException(kind + " '" + node.getName() + "' is not a tensor ("
                        + node.getInfo() + "); only tensor inputs and outputs are served");
            }
            List<Long> shape = new ArrayList<>();
            for (long dim : info.getShape()) {
                shape.add(dim < 0 ? -1L : dim);
            }
            specs.add(new TensorSpec(node.getName(), datatype(info, node.getName()).name(), shape));
        }
        return specs;
    }

    private static DataType datatype(TensorInfo info, String name) {
        return switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
            default -> throw new IllegalArgumentException("tensor '" + name + "' has ONNX element type "
                    + info.onnxType + ", which zerocold does not serve");
        };
    }

    @Override
    public void close() {
        OnnxRuntime.close(session);
    }
}
