package dev.zerocold.runtime;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a model does, which decides the endpoints and input/output types it serves. */
public enum Task {
    SENTIMENT, IMAGE, RECOMMEND, EMBEDDING, TENSOR, TEXT_GENERATION;

    /** The task's name in model.yaml and on the wire: {@code sentiment}, …, {@code text-generation}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
