package dev.zerocold.runtime;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The backend that runs a model's artifact. */
public enum Framework {
    ONNX, OPENNLP;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
