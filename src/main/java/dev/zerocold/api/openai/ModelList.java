package dev.zerocold.api.openai;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code GET /v1/models} in OpenAI's shape. Besides OpenAI's fields each model says its
 * {@code task} (embedding, sentiment…), so that a client can pick the models it can use.
 */
@JsonPropertyOrder({"object", "data"})
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record ModelList(String object, List<Entry> data) {

    /** One served model; {@code created} is when this server started (seconds), as models carry no date of their own. */
    @JsonPropertyOrder({"id", "object", "created", "owned_by", "task"})
    @RegisterForReflection
    public record Entry(String id, String object, long created, String ownedBy, String task) {
    }
}
