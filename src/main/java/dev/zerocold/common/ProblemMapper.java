package dev.zerocold.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become HTTP responses: every error leaves as
 * {@code application/problem+json}. Client mistakes get a 4xx with a precise detail; anything
 * unexpected is logged with a request id and answered with a generic 500 that names no internals.
 */
public final class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response zerocold(ZerocoldException e, HttpServerRequest request) {
        Problem problem = Problem.of(e.slug(), e.title(), e.status(), e.getMessage(), request.path())
                .withModel(e.model(), e.version());
        Response.ResponseBuilder response = Response.status(e.status()).entity(problem).type(Problem.MEDIA_TYPE);
        e.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMapper::describe)
                .collect(Collectors.joining("; "));
        return problem(400, "invalid-input", "Invalid input", detail, request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        String detail;
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonParseException parse && message.startsWith("Duplicate field '")) {
            detail = "duplicate field '" + message.substring("Duplicate field '".length()).replaceFirst("'.*", "")
                    + "' (line " + parse.getLocation().getLineNr() + ")";
        } else if (e instanceof JsonParseException parse) {
            detail = "request body is not valid JSON (line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr() + ")";
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "unknown field '" + jsonPath(unknown) + "'; this body takes "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
        } else if (message.startsWith("Trailing token")) {
            detail = "request body has content after its JSON value";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = "field '" + jsonPath(mapping) + "' has the wrong type or format";
        } else {
            detail = "request body does not match the expected JSON shape";
        }
        return problem(400, "malformed-request", "Malformed request", detail, request);
    }

    /** Jackson's own mapper would answer plain JSON; this keeps mismatches problem+json too. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return malformedJson(e, request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        if (status == 413) {
            return zerocold(new PayloadTooLargeException("request body is larger than the configured limit"), request);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Client error";
        String detail = switch (status) {
            case 404 -> "no resource at " + request.path();
            case 405 -> request.method() + " is not allowed on " + request.path();
            case 406 -> "no acceptable representation; this endpoint produces application/json";
            case 415 -> request.method() + " " + request.path() + " does not accept content type '"
                    + orNone(request.getHeader("Content-Type")) + "'; /q/openapi lists the types each endpoint accepts";
            default -> title;
        };
        String slug = title.toLowerCase().replace(' ', '-');
        return problem(status, slug, title, detail, request);
    }

    /**
     * A failure delivered through a future (a prediction that ran in a model's queue): answered as
     * the failure it wraps.
     */
    @ServerExceptionMapper
    public Response completion(CompletionException e, HttpServerRequest request) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ZerocoldException z) {
            return zerocold(z, request);
        } else if (cause instanceof ConstraintViolationException v) {
            return constraintViolation(v, request);
        } else if (cause instanceof JsonProcessingException j) {
            return malformedJson(j, request);
        } else if (cause instanceof WebApplicationException w) {
            return webApplication(w, request);
        }
        return unexpected(cause, request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (malformedMultipart(e)) {
            return problem(400, "malformed-request", "Malformed request", "the multipart body is malformed "
                    + "(its boundary, a part's headers or the closing boundary)", request);
        }
        String requestId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s %s [request_id=%s]", request.method(), request.path(), requestId);
        Problem problem = Problem.of("internal-error", "Internal server error", 500,
                "the server failed to handle this request; quote the request_id when reporting it",
                request.path()).withRequestId(requestId);
        return Response.status(500).entity(problem).type(Problem.MEDIA_TYPE).build();
    }

    /** A multipart body the server's form parser could not read (it fails before any resource runs). */
    private static boolean malformedMultipart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().contains("MultipartParser")) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().contains("MultipartParser") || frame.getClassName().endsWith("FormBodyHandler")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Response problem(int status, String slug, String title, String detail, HttpServerRequest request) {
        return Response.status(status).entity(Problem.of(slug, title, status, detail, request.path()))
                .type(Problem.MEDIA_TYPE).build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Method-parameter paths look like "predict.request.text": the client knows only "text".
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts.length == 2 ? "request body" : path;
        // JSON names are snake_case (quarkus.jackson.property-naming-strategy): userId -> user_id.
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT) + " "
                + violation.getMessage();
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
