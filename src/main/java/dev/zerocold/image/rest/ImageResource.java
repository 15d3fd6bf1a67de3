package dev.zerocold.image.rest;

import dev.zerocold.image.service.ImageService;

import dev.zerocold.common.InvalidInputException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/predict/image}: an image as base64 JSON or {@code image_url}, as a multipart
 * {@code file} part, or as a raw {@code image/*} body; answers the top-k classes. Small images are
 * queued from the I/O thread (see {@link ImageService#dispatch}); multipart uploads, which Quarkus
 * spools to disk, are read on a worker thread. Either way the image is decoded and classified in the
 * model's queue and no thread waits for it.
 */
@Path("/api/predict/image")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    /** The parts a multipart request may have. */
    private static final List<String> FORM_FIELDS = List.of("file", "top_k", "model", "version");
    /** The query parameters a raw-body request may have. */
    private static final List<String> QUERY_PARAMETERS = List.of("top_k", "model", "version");

    private final ImageService service;

    public ImageResource(ImageService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImageResponse> json(@Valid @NotNull ImageRequest request, @RestHeader("X-Routing-Key") String routingKey) {
        long start = System.nanoTime();
        ImageRequest routed = routingKey == null ? request : new ImageRequest(request.image(), request.imageUrl(),
                request.topK(), request.model(), request.version(), routingKey);
        return service.dispatch(ImageService.imageBytes(routed), () -> service.predict(routed, start));
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public CompletionStage<ImageResponse> multipart(MultipartFormDataInput form,
                                                    @RestHeader("X-Routing-Key") String routingKey) {
        long start = System.nanoTime();
        Map<String, Collection<FormValue>> parts = form.getValues();
        for (Map.Entry<String, Collection<FormValue>> part : parts.entrySet()) {
            if (part.getKey() == null || part.getKey().isEmpty()) {
                throw new InvalidInputException("a multipart part has no name (Content-Disposition: form-data; name=...)");
            }
            if (!FORM_FIELDS.contains(part.getKey())) {
                throw new InvalidInputException("unknown multipart field '" + part.getKey() + "'; this endpoint takes "
                        + String.join(", ", FORM_FIELDS));
            }
            if (part.getValue().size() > 1) {
                throw new InvalidInputException("multipart field '" + part.getKey() + "' is given more than once");
            }
        }
        FormValue file = single(parts, "file");
        if (file == null || !file.isFileItem()) {
            throw new InvalidInputException("multipart request needs a file part named 'file'");
        }
        try (InputStream in = file.getFileItem().getInputStream()) {
            return service.predict(in.readAllBytes(), topK(text(parts, "top_k")), text(parts, "model"),
                    text(parts, "version"), routingKey, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FormValue single(Map<String, Collection<FormValue>> parts, String name) {
        Collection<FormValue> values = parts.get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    private static String text(Map<String, Collection<FormValue>> parts, String name) {
        FormValue value = single(parts, name);
        if (value != null && value.isFileItem()) {
            throw new InvalidInputException("multipart field '" + name + "' must be a plain value, not a file");
        }
        return value == null ? null : value.getValue();
    }

    @POST
    @Consumes({"image/png", "image/jpeg", "image/gif", "image/bmp"})
    public Uni<ImageResponse> raw(byte[] body, @RestQuery("top_k") String topK, @RestQuery String model,
                                  @RestQuery String version, @RestHeader("X-Routing-Key") String routingKey,
                                  UriInfo uri) {
        long start = System.nanoTime();
        for (String name : uri.getQueryParameters().keySet()) {
            if (!QUERY_PARAMETERS.contains(name)) {
                throw new InvalidInputException("unknown query parameter '" + name + "'; this endpoint takes "
                        + String.join(", ", QUERY_PARAMETERS));
            }
        }
        Integer k = topK(topK);
        return service.dispatch(body == null ? 0 : body.length,
                () -> service.predict(body, k, model, version, routingKey, start));
    }

    private static Integer topK(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("top_k must be a whole number");
        }
    }
}
