package dev.zerocold.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request with a body must say what it is: without {@code Content-Type} it is refused with 415
 * rather than guessed at (a JSON endpoint would otherwise read any bytes as JSON).
 */
public class ContentTypeFilter {

    @ServerRequestFilter(preMatching = true)
    public void requireContentType(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null || !hasBody(request)) {
            return;
        }
        throw new UnsupportedMediaTypeException(request.getMethod() + " " + request.getUriInfo().getPath()
                + " has a body but no Content-Type; /q/openapi lists the types each endpoint accepts");
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
