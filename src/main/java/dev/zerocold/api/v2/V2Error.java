package dev.zerocold.api.v2;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.zerocold.common.ModelAnswer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Open Inference Protocol error body: {@code {"error": "…"}}; the model and version are kept for metrics only. */
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record V2Error(String error, @JsonIgnore String model, @JsonIgnore String version) implements ModelAnswer {
}
