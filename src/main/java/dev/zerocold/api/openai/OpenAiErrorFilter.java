package dev.zerocold.api.openai;

import dev.zerocold.common.OpenAiError;
import dev.zerocold.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors under {@code /v1} in the OpenAI API's shape: every problem the server answers there (from
 * {@link dev.zerocold.common.ProblemMapper}, a key check, an unknown path) leaves as
 * {@link OpenAiError} in {@code application/json}, with the same status and headers (e.g.
 * {@code Retry-After} on a 429 or 503).
 */
public class OpenAiErrorFilter {

    @ServerResponseFilter
    public void rewrite(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && OpenAiError.isV1(request.getUriInfo().getPath())) {
            response.setEntity(OpenAiError.of(problem), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
