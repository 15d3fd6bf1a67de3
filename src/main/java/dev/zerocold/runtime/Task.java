package dev.zerocold.runtime;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a model does, which decides the endpoints and input/output types it serves. */
public enum Task {
    SENTIMENT, IMAGE, RECOMMEND, EMBEDDING, TENSOR;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
