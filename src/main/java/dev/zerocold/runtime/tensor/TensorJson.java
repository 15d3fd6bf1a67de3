package dev.zerocold.runtime.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a tensor's JSON {@code data} as the Open Inference Protocol writes it: row-major, flat or
 * nested in arrays, each element of its datatype's JSON kind (numbers; integers within range for the
 * integer types; {@code true}/{@code false} for BOOL; strings for BYTES). Anything else is a 400 that
 * names the input and the element.
 */
public final class TensorJson {

    private TensorJson() {
    }

    /**
     * A tensor from its protocol fields.
     *
     * @param what how errors name it, e.g. {@code input 'text'}
     */
    public static Tensor read(String name, String datatype, List<Long> shape, JsonNode data, String what) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(what + ": name is required");
        }
        DataType type = DataType.parse(datatype, what);
        if (shape == null) {
            throw new InvalidInputException(what + ": shape is required");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (shape.get(i) == null || shape.get(i) < 0) {
                throw new InvalidInputException(what + ": shape " + shape + " must hold non-negative integers");
            }
            dims[i] = shape.get(i);
        }
        long expected = Tensor.elements(dims, name);
        if (data == null || data.isNull()) {
            throw new InvalidInputException(what + ": data is required");
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(what + ": shape " + shape + " is too large");
        }
        if (data.isArray() && !data.isEmpty() && data.get(0).isArray()) {
            checkNesting(data, dims, 0, what);
        }
        Reader reader = new Reader(type, (int) expected, what);
        reader.walk(data);
        if (reader.count != expected) {
            throw new InvalidInputException(what + ": shape " + shape + " holds " + expected + " values, data has "
                    + reader.count);
        }
        return new Tensor(name, type, dims, reader.values);
    }

    /** Nested data must be nested exactly as the shape says: an array of shape[d] items at depth d. */
    private static void checkNesting(JsonNode node, long[] shape, int depth, String what) {
        if (depth == shape.length) {
            if (node.isArray()) {
                throw new InvalidInputException(what + ": data is nested deeper than its shape " + Arrays.toString(shape));
            }
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            throw new InvalidInputException(what + ": nested data does not match its shape " + Arrays.toString(shape)
                    + " at depth " + depth + " (send it nested exactly so, or flat)");
        }
        for (JsonNode child : node) {
            checkNesting(child, shape, depth + 1, what);
        }
    }

    /** Fills a flat array element by element, in document order. */
    private static final class Reader {
        private final DataType type;
        private final Object values;
        private final int capacity;
        private final String what;
        private int count;

        Reader(DataType type, int capacity, String what) {
            this.type = type;
            this.capacity = capacity;
            this.values = type.newArray(capacity);
            this.what = what;
        }

        void walk(JsonNode node) {
            if (node.isArray()) {
                for (JsonNode element : node) {
                    walk(element);
                }
                return;
            }
            if (count >= capacity) {  // keep counting to report the real size, without storing
                count++;
                return;
            }
            set(count, node);
            count++;
        }

        private void set(int i, JsonNode node) {
            switch (type) {
                case BOOL -> ((boolean[]) values)[i] = require(node.isBoolean(), node, "true or false").booleanValue();
                case FP32 -> ((float[]) values)[i] = (float) finite(require(node.isNumber(), node, "a number").doubleValue(),
                        Float.MAX_VALUE);
                case FP64 -> ((double[]) values)[i] = finite(require(node.isNumber(), node, "a number").doubleValue(),
                        Double.MAX_VALUE);
                case BYTES -> ((String[]) values)[i] = require(node.isTextual(), node, "a string").textValue();
                case INT8 -> ((byte[]) values)[i] = (byte) integer(node, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case UINT8 -> ((byte[]) values)[i] = (byte) integer(node, 0, 255);
                case INT16 -> ((short[]) values)[i] = (short) integer(node, Short.MIN_VALUE, Short.MAX_VALUE);
                case INT32 -> ((int[]) values)[i] = (int) integer(node, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case INT64 -> ((long[]) values)[i] = integer(node, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new IllegalStateException(type.name());
            }
        }

        private double finite(double value, double max) {
            if (Double.isNaN(value) || Math.abs(value) > max) {
                throw new InvalidInputException(what + ": data[" + count + "] is out of range for " + type);
            }
            return value;
        }

        private long integer(JsonNode node, long min, long max) {
            require(node.isIntegralNumber() && node.canConvertToLong(), node, "an integer");
            long value = node.longValue();
            if (value < min || value > max) {
                throw new InvalidInputException(what + ": data[" + count + "] = " + value + " is out of range for "
                        + type + " [" + min + ", " + max + "]");
            }
            return value;
        }

        private JsonNode require(boolean ok, JsonNode node, String kind) {
            if (!ok) {
                throw new InvalidInputException(what + ": data[" + count + "] must be " + kind + " for " + type
                        + ", not " + describe(node));
            }
            return node;
        }

        private static String describe(JsonNode node) {
            return switch (node.getNodeType()) {
                case STRING -> "a string";
                case NUMBER -> "the number " + node.asText();
                case BOOLEAN -> node.asText();
                case NULL -> "null";
                case OBJECT -> "an object";
                default -> node.getNodeType().name().toLowerCase();
            };
        }
    }

    /** The shape as the protocol writes it. */
    public static List<Long> shape(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
