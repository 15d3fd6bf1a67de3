package dev.zerocold.common;

/** No model (or no such version of a model) is deployed under the requested name (404). */
public final class ModelNotFoundException extends ZerocoldException {

    public ModelNotFoundException(String detail, String model, String version) {
        super(detail, model, version);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String slug() {
        return "model-not-found";
    }

    @Override
    public String title() {
        return "Model not found";
    }
}
