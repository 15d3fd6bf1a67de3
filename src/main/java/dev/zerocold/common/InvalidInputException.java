package dev.zerocold.common;

/** The request is well-formed but its content is not acceptable (400). */
public final class InvalidInputException extends ZerocoldException {

    public InvalidInputException(String detail) {
        this(detail, null, null);
    }

    public InvalidInputException(String detail, String model, String version) {
        super(400, "invalid-input", "Invalid input", detail, model, version);
    }
}
