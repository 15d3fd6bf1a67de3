package dev.zerocold.common;

/** The body's format is recognised but not accepted (415). */
public final class UnsupportedMediaTypeException extends ZerocoldException {

    public UnsupportedMediaTypeException(String detail) {
        super(415, "unsupported-media-type", "Unsupported media type", detail, null, null);
    }
}
