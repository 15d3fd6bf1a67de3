package dev.zerocold.runtime;

/** A model version's identity: model name and numeric version. */
public record ModelKey(String name, String version) {

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
