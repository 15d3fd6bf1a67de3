package dev.zerocold.api.openai;

import dev.zerocold.api.admin.AdminConfig;
import dev.zerocold.common.ApiKeys;
import dev.zerocold.common.OpenAiError;
import dev.zerocold.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * The optional key of the OpenAI-compatible API: when {@code zerocold.openai.api-keys} is set,
 * every {@code /v1} request needs one of them or a management key, in {@code Authorization: Bearer}
 * (what OpenAI's SDKs send) or {@code X-API-Key}: none is a 401, a wrong one a 401 as OpenAI answers
 * ({@code invalid_api_key}). Keys are compared as SHA-256 digests in constant time and never
 * logged. Collection writes also pass the management key check
 * ({@link dev.zerocold.api.admin.ManagementAuthFilter}).
 */
public class OpenAiAuthFilter {

    private final ApiKeys.Set keys;
    private final ApiKeys.Set accepted;

    public OpenAiAuthFilter(OpenAiConfig config, AdminConfig admin) {
        this.keys = ApiKeys.Set.of(config.apiKeys().orElse(List.of()));
        this.accepted = keys.and(ApiKeys.Set.of(admin.apiKeys().orElse(List.of())));
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (keys.isEmpty() || !OpenAiError.isV1(path)) {
            return null;
        }
        String given = ApiKeys.of(request::getHeaderString);
        if (given == null) {
            return refuse("an API key is required (Authorization: Bearer <key>)", path);
        }
        return accepted.matches(given) ? null : refuse("the API key is not valid", path);
    }

    private static Response refuse(String detail, String path) {
        Problem problem = Problem.of("invalid-api-key", "Unauthorized", 401, detail, path);
        return Response.status(401).entity(OpenAiError.of(problem)).type("application/json")
                .header("WWW-Authenticate", "Bearer").build();
    }
}
