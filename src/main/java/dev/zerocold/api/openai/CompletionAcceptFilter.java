package dev.zerocold.api.openai;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code /v1/completions} and {@code /v1/chat/completions} answer JSON or server-sent events by the
 * body's {@code stream} field, as OpenAI's API does, whatever {@code Accept} says: OpenAI's SDKs send
 * {@code Accept: application/json} for streamed requests too. So the header is not negotiated on
 * these two paths (it is set to any type before the request is matched).
 */
public class CompletionAcceptFilter {

    @ServerRequestFilter(preMatching = true)
    public void anyType(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/v1/completions") || path.equals("/v1/chat/completions")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "*/*");
        }
    }
}
