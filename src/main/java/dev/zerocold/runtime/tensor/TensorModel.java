package dev.zerocold.runtime.tensor;

import ai.onnxruntime.OrtException;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.onnx.OnnxTensorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Any ONNX model served by its own tensors ({@code task: tensor}). When every input and output has a
 * dynamic first dimension the model is batchable: requests queued together whose other dimensions
 * agree are joined along the first dimension into one run, and each gets its own rows back (Triton's
 * dynamic batching). Otherwise each request runs alone. A run the model refuses (a shape its graph
 * cannot take, an index out of range) fails only the requests in it, as bad input. Thread-safe.
 */
public final class TensorModel implements Model<TensorBatch, TensorBatch> {

    public static final Signature<TensorBatch, TensorBatch> SIGNATURE = new Signature<>(TensorBatch.class, TensorBatch.class);

    private final OnnxTensorModel network;
    private final boolean batchable;

    public TensorModel(OnnxTensorModel network) {
        this.network = network;
        this.batchable = dynamicFirst(network.metadata().inputs()) && dynamicFirst(network.metadata().outputs());
    }

    @Override
    public Signature<TensorBatch, TensorBatch> signature() {
        return SIGNATURE;
    }

    /** The tensors the model takes and returns, as its ONNX graph declares them. */
    public TensorMetadata metadata() {
        return network.metadata();
    }

    /** Whether requests can be joined along the first dimension. */
    public boolean batchable() {
        return batchable;
    }

    @Override
    public List<ItemResult<TensorBatch>> predict(List<TensorBatch> requests) {
        List<ItemResult<TensorBatch>> results = new ArrayList<>(requests.size());
        int start = 0;
        while (start < requests.size()) {
            int end = start + 1;
            while (batchable && end < requests.size() && joinable(requests.get(start), requests.get(end))) {
                end++;
            }
            results.addAll(run(requests.subList(start, end)));
            start = end;
        }
        return results;
    }

    private List<ItemResult<TensorBatch>> run(List<TensorBatch> group) {
        if (group.size() > 1) {
            try {
                Optional<List<ItemResult<TensorBatch>>> parts = split(network.run(join(group)), group);
                if (parts.isPresent()) {
                    return parts.get();
                }
            } catch (OrtException e) {
                // each request alone below, so that only the one at fault fails
            }
        }
        return group.stream().map(this::runAlone).toList();
    }

    private ItemResult<TensorBatch> runAlone(TensorBatch request) {
        try {
            return ItemResult.ok(new TensorBatch(network.run(request.tensors())));
        } catch (OrtException e) {
            return ItemResult.failed(new InvalidInputException("the model cannot run on these inputs: " + e.getMessage()));
        }
    }

    /** Same input names, datatypes and shapes after the first dimension. */
    private static boolean joinable(TensorBatch a, TensorBatch b) {
        if (a.tensors().size() != b.tensors().size()) {
            return false;
        }
        for (int i = 0; i < a.tensors().size(); i++) {
            Tensor x = a.tensors().get(i);
            Tensor y = b.tensors().get(i);
            if (!x.name().equals(y.name()) || x.datatype() != y.datatype() || x.shape().length != y.shape().length
                    || x.shape().length == 0
                    || !Arrays.equals(x.shape(), 1, x.shape().length, y.shape(), 1, y.shape().length)) {
                return false;
            }
        }
        return true;
    }

    /** The group's tensors concatenated along the first dimension, input by input. */
    private static List<Tensor> join(List<TensorBatch> group) {
        List<Tensor> first = group.get(0).tensors();
        List<Tensor> joined = new ArrayList<>(first.size());
        for (int t = 0; t < first.size(); t++) {
            Tensor head = first.get(t);
            long rows = 0;
            int size = 0;
            for (TensorBatch request : group) {
                rows += request.tensors().get(t).rows();
                size += request.tensors().get(t).size();
            }
            Object data = head.datatype().newArray(size);
            int at = 0;
            for (TensorBatch request : group) {
                Tensor part = request.tensors().get(t);
                System.arraycopy(part.data(), 0, data, at, part.size());
                at += part.size();
            }
            long[] shape = head.shape().clone();
            shape[0] = rows;
            joined.add(new Tensor(head.name(), head.datatype(), shape, data));
        }
        return joined;
    }

    /** Each request's rows of every output; empty if an output does not have one row per input row. */
    private static Optional<List<ItemResult<TensorBatch>>> split(List<Tensor> outputs, List<TensorBatch> group) {
        List<List<Tensor>> parts = new ArrayList<>(group.size());
        group.forEach(r -> parts.add(new ArrayList<>(outputs.size())));
        long total = group.stream().mapToLong(r -> r.tensors().get(0).rows()).sum();
        for (Tensor output : outputs) {
            if (output.shape().length == 0 || output.shape()[0] != total) {
                return Optional.empty();
            }
            int rowSize = total == 0 ? 0 : (int) (output.size() / total);
            int at = 0;
            for (int i = 0; i < group.size(); i++) {
                long rows = group.get(i).tensors().get(0).rows();
                int size = (int) rows * rowSize;
                Object data = output.datatype().newArray(size);
                System.arraycopy(output.data(), at, data, 0, size);
                at += size;
                long[] shape = output.shape().clone();
                shape[0] = rows;
                parts.get(i).add(new Tensor(output.name(), output.datatype(), shape, data));
            }
        }
        return Optional.of(parts.stream().map(p -> ItemResult.ok(new TensorBatch(p))).toList());
    }

    private static boolean dynamicFirst(List<TensorSpec> specs) {
        return specs.stream().allMatch(spec -> !spec.shape().isEmpty() && spec.shape().get(0) < 0);
    }

    @Override
    public void close() {
        network.close();
    }
}
