package dev.zerocold.common;

/** The request body, or something in it, is larger than the configured limit (413). */
public final class PayloadTooLargeException extends ZerocoldException {

    public PayloadTooLargeException(String detail) {
        super(detail, null, null);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String slug() {
        return "payload-too-large";
    }

    @Override
    public String title() {
        return "Payload too large";
    }
}
