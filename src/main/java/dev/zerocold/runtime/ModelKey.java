package dev.zerocold.runtime;

import io.micrometer.core.instrument.Tags;

/** A model version's identity: model name and numeric version. */
public record ModelKey(String name, String version) {

    /** The metric tags of this version: {@code model} and {@code version}, never request content. */
    public Tags tags() {
        return Tags.of("model", name, "version", version);
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
