package dev.zerocold.runtime;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The backend that runs a model's artifact; {@code JAVA} is a model implemented in plain Java (no native runtime). */
public enum Framework {
    ONNX, OPENNLP, JAVA;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
