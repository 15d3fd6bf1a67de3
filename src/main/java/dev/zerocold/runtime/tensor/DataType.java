package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Open Inference Protocol datatypes zerocold serves, each with the Java array that holds a
 * tensor's values (row-major, flat). {@code BYTES} elements are strings (JSON has no other form).
 * UINT16/32/64, FP16 and BF16 are not served: ONNX Runtime Java has no portable mapping for them.
 */
public enum DataType {
    BOOL(boolean[].class), UINT8(byte[].class), INT8(byte[].class), INT16(short[].class), INT32(int[].class),
    INT64(long[].class), FP32(float[].class), FP64(double[].class), BYTES(String[].class);

    private final Class<?> arrayType;

    DataType(Class<?> arrayType) {
        this.arrayType = arrayType;
    }

    /** The flat array class that holds this type's values. */
    public Class<?> arrayType() {
        return arrayType;
    }

    /** A new zeroed array of {@code size} values. */
    public Object newArray(int size) {
        return java.lang.reflect.Array.newInstance(arrayType.getComponentType(), size);
    }

    /**
     * The datatype a request names.
     *
     * @throws InvalidInputException an unknown or unserved datatype, naming {@code what}
     */
    public static DataType parse(String name, String what) {
        if (name == null) {
            throw new InvalidInputException(what + ": datatype is required");
        }
        for (DataType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new InvalidInputException(what + ": datatype '" + name + "' is not served; one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
