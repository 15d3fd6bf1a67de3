package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * A named tensor: datatype, shape and its values as one flat row-major array of the datatype's
 * {@link DataType#arrayType() array type}. Immutable by convention: neither array is modified after
 * construction.
 */
public record Tensor(String name, DataType datatype, long[] shape, Object data) {

    public Tensor {
        if (!datatype.arrayType().isInstance(data)) {
            throw new IllegalArgumentException(datatype + " tensor needs a " + datatype.arrayType().getSimpleName());
        }
        long elements = elements(shape, name);
        if (elements != Array.getLength(data)) {
            throw new InvalidInputException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + elements + " values, data has " + Array.getLength(data));
        }
    }

    /** The number of values a shape holds; negative dimensions are refused. */
    public static long elements(long[] shape, String name) {
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " has a negative dimension");
            }
            elements = Math.multiplyExact(elements, dim);
        }
        return elements;
    }

    /** The number of values. */
    public int size() {
        return Array.getLength(data);
    }

    /** The first dimension (the batch, for a batchable model); 1 for a scalar. */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** This tensor under another name (same values). */
    public Tensor named(String other) {
        return new Tensor(other, datatype, shape, data);
    }

    public float[] floats() {
        return (float[]) as(DataType.FP32);
    }

    public String[] strings() {
        return (String[]) as(DataType.BYTES);
    }

    public int[] ints() {
        return (int[]) as(DataType.INT32);
    }

    private Object as(DataType expected) {
        if (datatype != expected) {
            throw new InvalidInputException("tensor '" + name + "' must be " + expected + ", not " + datatype);
        }
        return data;
    }

    @Override
    public String toString() {
        return name + " " + datatype + Arrays.toString(shape);
    }
}
