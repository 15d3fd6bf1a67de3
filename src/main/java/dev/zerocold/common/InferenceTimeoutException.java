package dev.zerocold.common;

/** A prediction did not start (or finish) within its deadline (504); it was dropped, not computed. */
public final class InferenceTimeoutException extends ZerocoldException {

    public InferenceTimeoutException(String detail, String model, String version) {
        super(504, "inference-timeout", "Inference timeout", detail, model, version);
    }
}
