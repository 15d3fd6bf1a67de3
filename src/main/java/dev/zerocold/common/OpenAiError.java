package dev.zerocold.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error in the OpenAI API's shape, {@code {"error": {"message", "type", "param", "code"}}}, which
 * its SDKs turn into typed exceptions ({@code BadRequestError}, {@code NotFoundError}…) by status.
 */
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record OpenAiError(Body error) {

    /** The fields OpenAI's clients read; {@code param} and {@code code} are null when unknown. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @RegisterForReflection
    public record Body(String message, String type, String param, String code) {
    }

    /** A request field named at the start of a detail ({@code input[2]: ...}, {@code dimensions must ...}). */
    private static final Pattern PARAM = Pattern.compile("^(?:unknown field '|field ')?([a-z_]+(?:\\[\\d+])*(?:\\.[a-z_]+)*)"
            + "(?:'|:| must| is| has| contains)");

    /** True for {@code /v1} and every path under it: where errors take this shape. */
    public static boolean isV1(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /** A problem as OpenAI would word it: its detail, a type by status, the field concerned, and a code from its kind. */
    public static OpenAiError of(Problem problem) {
        String slug = problem.type().substring(problem.type().lastIndexOf('/') + 1);
        String detail = problem.detail() == null ? problem.title() : problem.detail();
        Matcher param = PARAM.matcher(detail);
        return new OpenAiError(new Body(detail, type(problem.status()), param.find() ? param.group(1) : null,
                slug.replace('-', '_')));
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
