package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tensors a loaded model version takes and returns (Open Inference Protocol metadata), derived
 * from what is loaded: a network's own input names, types and shapes, a classifier's label count.
 * A dimension of -1 takes any size.
 */
public record TensorMetadata(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public TensorMetadata {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * The request's inputs by name, each checked against its spec: a known name, given once, of the
     * spec's datatype and rank, with every fixed dimension equal. Which inputs must be present is the
     * task's rule.
     */
    public Map<String, Tensor> check(List<Tensor> given) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor tensor : given) {
            TensorSpec spec = input(tensor.name());
            if (byName.put(tensor.name(), tensor) != null) {
                throw new InvalidInputException("input '" + tensor.name() + "' is given twice");
            }
            if (!spec.datatype().equals(tensor.datatype().name())) {
                throw new InvalidInputException("input '" + tensor.name() + "' must be " + spec.datatype() + ", not "
                        + tensor.datatype());
            }
            if (!fits(spec.shape(), tensor.shape())) {
                throw new InvalidInputException("input '" + tensor.name() + "' has shape " + Arrays.toString(tensor.shape())
                        + "; the model takes " + spec.shape() + " (-1: any size)");
            }
        }
        return byName;
    }

    /** The spec of the input {@code name}, or a 400 listing the inputs there are. */
    public TensorSpec input(String name) {
        return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown input '" + name + "'; the model takes "
                        + names(inputs)));
    }

    /**
     * The outputs a request asked for, in the order asked ({@code requested} empty: all of them).
     *
     * @throws InvalidInputException a requested name the model does not output
     */
    public static List<Tensor> select(List<Tensor> outputs, List<String> requested) {
        if (requested.isEmpty()) {
            return outputs;
        }
        List<Tensor> chosen = new ArrayList<>(requested.size());
        for (String name : requested) {
            chosen.add(outputs.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("unknown output '" + name + "'; the model outputs "
                            + outputs.stream().map(Tensor::name).collect(Collectors.joining(", ")))));
        }
        return chosen;
    }

    /** The request's inputs with {@code required} present; a 400 naming the missing one otherwise. */
    public static Tensor required(Map<String, Tensor> inputs, String name) {
        Tensor tensor = inputs.get(name);
        if (tensor == null) {
            throw new InvalidInputException("input '" + name + "' is required");
        }
        return tensor;
    }

    private static boolean fits(List<Long> spec, long[] shape) {
        if (spec.size() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (spec.get(i) >= 0 && spec.get(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static String names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).collect(Collectors.joining(", "));
    }
}
