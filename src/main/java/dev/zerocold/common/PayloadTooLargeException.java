package dev.zerocold.common;

/** The request body, or something in it, is larger than the configured limit (413). */
public final class PayloadTooLargeException extends ZerocoldException {

    public PayloadTooLargeException(String detail) {
        super(413, "payload-too-large", "Payload too large", detail, null, null);
    }
}
