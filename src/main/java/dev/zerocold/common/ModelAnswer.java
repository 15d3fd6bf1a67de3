package dev.zerocold.common;

/** A response body that names the model version that produced it (for per-version request metrics). */
public interface ModelAnswer {

    String model();

    String version();
}
