package dev.zerocold.common;

/** No model (or no such version of a model) is deployed under the requested name (404). */
public final class ModelNotFoundException extends ZerocoldException {

    public ModelNotFoundException(String detail, String model, String version) {
        super(404, "model-not-found", "Model not found", detail, model, version);
    }
}
