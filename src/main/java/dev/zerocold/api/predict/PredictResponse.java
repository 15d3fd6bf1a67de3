package dev.zerocold.api.predict;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.common.ModelAnswer;

import java.util.List;

/** Answer of {@code POST /predict/{name}}: one output per input, in order, as the task's endpoint shapes it. */
@JsonPropertyOrder({"outputs", "model", "version", "latencyMs"})
public record PredictResponse(List<?> outputs, String model, String version, double latencyMs) implements ModelAnswer {
}
