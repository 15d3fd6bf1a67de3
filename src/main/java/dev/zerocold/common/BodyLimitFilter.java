package dev.zerocold.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Answers a request whose declared {@code Content-Length} exceeds
 * {@code quarkus.http.limits.max-body-size} with a 413 problem before its body is read (the
 * server's own limit would answer with an empty body), in the error shape of the path's protocol
 * ({@code /v1}: OpenAI's, {@code /v2}: the Open Inference Protocol's). Bodies without a length are
 * still capped by the server's limit.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodySize;
    private final ObjectMapper json;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                           ObjectMapper json) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::rejectOversizedBodies);
    }

    private void rejectOversizedBodies(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            PayloadTooLargeException tooLarge = new PayloadTooLargeException(
                    "request body is " + length.trim() + " bytes; at most " + maxBodySize + " are accepted");
            Problem problem = Problem.of(tooLarge.slug(), tooLarge.title(), tooLarge.status(), tooLarge.getMessage(),
                    context.request().path());
            String path = context.request().path();
            Object body = OpenAiError.isV1(path) ? OpenAiError.of(problem) : OipPaths.isV2(path) ? Map.of("error", problem.detail()) : problem;
            try {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, body == problem ? Problem.MEDIA_TYPE : "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                context.fail(413);
            }
            return;
        }
        context.next();
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
