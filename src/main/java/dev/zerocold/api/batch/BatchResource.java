package dev.zerocold.api.batch;

import dev.zerocold.api.limits.RateLimitFilter;
import dev.zerocold.api.limits.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/predict/batch}: many texts (sentiment) or base64 images (image classification)
 * in one request, answered in input order. Items are checked and decoded on a worker thread (a batch
 * of images is too much work for an HTTP event loop), then run together in the model's queue. The
 * rate limit of the batch family counts items.
 */
@Path("/api/predict/batch")
public class BatchResource {

    private final BatchService service;
    private final RateLimiter limiter;

    public BatchResource(BatchService service, RateLimiter limiter) {
        this.service = service;
        this.limiter = limiter;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<BatchResponse> predict(@NotNull BatchRequest request,
                                                  @RestHeader("X-Routing-Key") String routingKey,
                                                  HttpServerRequest http) {
        int items = (request.texts() == null ? 0 : request.texts().size())
                + (request.images() == null ? 0 : request.images().size());
        if (items > 0 && limiter.enabled(RateLimiter.Family.BATCH)) {  // the batch family counts items
            limiter.acquire(RateLimiter.Family.BATCH, RateLimitFilter.client(http), items);
        }
        return service.predict(request.routedBy(routingKey), System.nanoTime());
    }
}
