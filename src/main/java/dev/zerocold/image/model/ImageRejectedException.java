package dev.zerocold.image.model;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.UnsupportedMediaTypeException;
import dev.zerocold.common.ZerocoldException;

import java.util.Objects;
import java.util.function.Function;

/**
 * Raised when uploaded bytes cannot be turned into an image that is safe to process.
 *
 * <p>The {@link Reason} says whose fault it is and maps to an HTTP status, so callers can answer
 * without inspecting messages. Messages describe the problem for the client and never include
 * the image bytes.
 */
public final class ImageRejectedException extends RuntimeException {

    /** Why an image was rejected, with the problem (and so the HTTP status) that describes it best. */
    public enum Reason {
        /** Not an image, or a corrupt or truncated one: 400. */
        NOT_AN_IMAGE(InvalidInputException::new),
        /** A recognisable image format (or variant) that this service does not decode: 415. */
        UNSUPPORTED_FORMAT(UnsupportedMediaTypeException::new),
        /** Width × height exceeds the configured pixel budget: 413. */
        TOO_MANY_PIXELS(PayloadTooLargeException::new);

        private final Function<String, ZerocoldException> problem;

        Reason(Function<String, ZerocoldException> problem) {
            this.problem = problem;
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

    /** The problem a client is answered with for this rejection. */
    public ZerocoldException toProblem() {
        return reason.problem.apply(getMessage());
    }

    /** The problem, its detail prefixed with {@code what} (e.g. {@code images[2]}) to name the item in a batch. */
    public ZerocoldException toProblem(String what) {
        return reason.problem.apply(what + ": " + getMessage());
    }
}
