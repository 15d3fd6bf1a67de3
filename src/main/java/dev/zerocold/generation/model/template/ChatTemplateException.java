package dev.zerocold.generation.model.template;

/**
 * A chat template could not be parsed (syntax error, unsupported construct) or rendered (a runtime error, a
 * {@code raise_exception(msg)} call in the template, or a render limit was exceeded). The message says which.
 */
public final class ChatTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
