package dev.zerocold.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorJson;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * An Open Inference Protocol inference request ({@code $inference_request}): input tensors with
 * flat or nested {@code data}, optionally the outputs wanted. {@code parameters} are accepted and
 * ignored (e.g. {@code binary_data_output}: outputs are always JSON).
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    /** One input tensor ({@code $request_input}). */
    @RegisterForReflection
    public record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {

        /** This input as a tensor, checked ({@link TensorJson}); {@code position} names it when it has no name. */
        public Tensor tensor(String position) {
            String what = name == null ? position : "input '" + name + "'";
            if (parameters != null && parameters.containsKey("binary_data_size")) {
                throw new InvalidInputException(what + ": the binary tensor data extension (binary_data_size) is not "
                        + "supported; send the data as JSON");
            }
            if (parameters != null && parameters.containsKey("shared_memory_region")) {
                throw new InvalidInputException(what + ": the shared-memory extension is not supported; send the data "
                        + "as JSON");
            }
            return TensorJson.read(name, datatype, shape, data, what);
        }
    }

    /** One requested output ({@code $request_output}). */
    @RegisterForReflection
    public record Output(String name, Map<String, Object> parameters) {
    }
}
