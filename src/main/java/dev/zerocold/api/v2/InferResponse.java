package dev.zerocold.api.v2;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zerocold.common.ModelAnswer;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorJson;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** An Open Inference Protocol inference response ({@code $inference_response}); {@code id} echoes the request's. */
@RegisterForReflection  // written by Jackson by reflection, also in a native image
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(String modelName, String modelVersion, String id, List<Output> outputs) implements ModelAnswer {

    @JsonIgnore
    @Override
    public String model() {
        return modelName;
    }

    @JsonIgnore
    @Override
    public String version() {
        return modelVersion;
    }

    /** One output tensor ({@code $response_output}), its data flat in row-major order. */
    @RegisterForReflection
    public record Output(String name, String datatype, List<Long> shape, Object data) {

        public static Output of(Tensor tensor) {
            return new Output(tensor.name(), tensor.datatype().name(), TensorJson.shape(tensor.shape()), json(tensor));
        }

        /** Values Jackson writes as a JSON array of numbers (it would write a byte[] as base64). */
        private static Object json(Tensor tensor) {
            if (!(tensor.data() instanceof byte[] bytes)) {
                return tensor.data();
            }
            int[] values = new int[bytes.length];
            boolean unsigned = tensor.datatype() == dev.zerocold.runtime.tensor.DataType.UINT8;
            for (int i = 0; i < bytes.length; i++) {
                values[i] = unsigned ? Byte.toUnsignedInt(bytes[i]) : bytes[i];
            }
            return values;
        }
    }
}
