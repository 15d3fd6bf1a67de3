package dev.zerocold.common;

/** The model version already exists (409): delete it first, or deploy another version number. */
public final class ModelConflictException extends ZerocoldException {

    public ModelConflictException(String detail, String model, String version) {
        super(409, "model-conflict", "Model version exists", detail, model, version);
    }
}
