package dev.zerocold.api.v2;

import dev.zerocold.common.OipPaths;
import dev.zerocold.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors under {@code /v2} in the protocol's shape: every problem the server answers there (from
 * {@link dev.zerocold.common.ProblemMapper}, the management key check, an unknown path) leaves as
 * {@code {"error": "<detail>"}} in {@code application/json}, with the same status and headers
 * (e.g. {@code Retry-After} on a 503).
 */
public class V2ErrorFilter {

    @ServerResponseFilter
    public void rewrite(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && OipPaths.isV2(request.getUriInfo().getPath())) {
            response.setEntity(new V2Error(problem.detail(), problem.model(), problem.version()), null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
