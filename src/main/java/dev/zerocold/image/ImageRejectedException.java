package dev.zerocold.image;

import java.util.Objects;

/**
 * Raised when uploaded bytes cannot be turned into an image that is safe to process.
 *
 * <p>The {@link Reason} says whose fault it is and maps to an HTTP status, so callers can answer
 * without inspecting messages. Messages describe the problem for the client and never include
 * the image bytes.
 */
public final class ImageRejectedException extends RuntimeException {

    /** Why an image was rejected, with the HTTP status that describes it best. */
    public enum Reason {
        /** Not an image, or a corrupt or truncated one. */
        NOT_AN_IMAGE(400),
        /** A recognisable image format (or variant) that this service does not decode. */
        UNSUPPORTED_FORMAT(415),
        /** Width × height exceeds the configured pixel budget. */
        TOO_MANY_PIXELS(413);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    public int httpStatus() {
        return reason.httpStatus();
    }
}
