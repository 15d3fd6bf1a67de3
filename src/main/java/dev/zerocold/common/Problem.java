package dev.zerocold.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem details body, extended with the {@code model}/{@code version} concerned and,
 * for unexpected failures, a {@code request_id} that also appears in the server log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "model", "version", "requestId"})
public record Problem(String type, String title, int status, String detail, String instance,
                      String model, String version, String requestId) implements ModelAnswer {

    /** Media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://zerocold.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, null, null, null);
    }

    public Problem withModel(String model, String version) {
        return new Problem(type, title, status, detail, instance, model, version, requestId);
    }

    public Problem withRequestId(String id) {
        return new Problem(type, title, status, detail, instance, model, version, id);
    }
}
