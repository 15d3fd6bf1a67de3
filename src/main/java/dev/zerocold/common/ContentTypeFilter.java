package dev.zerocold.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request with a body must say what it is: without {@code Content-Type} it is refused with 415
 * rather than guessed at (a JSON endpoint would otherwise read any bytes as JSON). The Open
 * Inference Protocol paths ({@code /v2}) are the exception, as in Triton and KServe: their bodies are
 * JSON, and clients such as Triton's own send them without the header, so a {@code /v2} request
 * without one is read as JSON (an empty body as no body). A {@code /v2} body in the binary tensor data extension (announced by
 * {@code Inference-Header-Content-Length}) is refused with 400 naming the extension; an explicit
 * non-JSON type still gets 415.
 */
public class ContentTypeFilter {

    /** The header of the protocol's binary tensor data extension: the JSON part's length. */
    static final String BINARY_HEADER_LENGTH = "Inference-Header-Content-Length";

    @ServerRequestFilter(preMatching = true)
    public void requireContentType(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean v2 = OipPaths.isV2(path);
        if (v2 && request.getHeaderString(BINARY_HEADER_LENGTH) != null) {
            throw new InvalidInputException("the binary tensor data extension (" + BINARY_HEADER_LENGTH
                    + ") is not supported; send every tensor's data as JSON (e.g. binary_data=False in Triton's client)");
        }
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null) {
            return;
        }
        if (v2) {  // with a body, or an empty one (Triton's client POSTs "" to /v2/repository/index)
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
            return;
        }
        if (!hasBody(request)) {
            return;
        }
        throw new UnsupportedMediaTypeException(request.getMethod() + " " + path
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
