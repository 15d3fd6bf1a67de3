package dev.zerocold.image;

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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/predict/image}: an image as base64 JSON or {@code image_url}, as a multipart
 * {@code file} part, or as a raw {@code image/*} body; answers the top-k classes. Small images for
 * a ready model are decoded on the I/O thread (see {@link ImageService#dispatch}); multipart uploads,
 * which Quarkus spools to disk, are read on a worker thread. Either way the model runs in its queue
 * and no thread waits for it.
 */
@Path("/api/predict/image")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

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
        return service.dispatch(ImageService.imageBytes(routed), routed.model(), routed.version(),
                decoder -> service.predict(routed, start, decoder));
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public CompletionStage<ImageResponse> multipart(@RestForm("file") FileUpload file, @RestForm("top_k") String topK,
                                   @RestForm String model, @RestForm String version,
                                   @RestHeader("X-Routing-Key") String routingKey) {
        long start = System.nanoTime();
        if (file == null) {
            throw new InvalidInputException("multipart request needs a part named 'file'");
        }
        try {
            return service.predict(Files.readAllBytes(file.uploadedFile()), topK(topK), model, version, routingKey, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @POST
    @Consumes({"image/png", "image/jpeg", "image/gif", "image/bmp"})
    public Uni<ImageResponse> raw(byte[] body, @RestQuery("top_k") String topK, @RestQuery String model,
                                  @RestQuery String version, @RestHeader("X-Routing-Key") String routingKey) {
        long start = System.nanoTime();
        Integer k = topK(topK);
        return service.dispatch(body == null ? 0 : body.length, model, version,
                decoder -> service.predict(body, k, model, version, routingKey, start, decoder));
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
