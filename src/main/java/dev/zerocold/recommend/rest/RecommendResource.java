package dev.zerocold.recommend.rest;

import dev.zerocold.recommend.service.InteractionService;
import dev.zerocold.recommend.service.Interaction;
import dev.zerocold.recommend.service.RecommendService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/predict/recommend}: top-N items for a user; {@code POST /api/interactions}:
 * feedback, written to the journal before the 202.
 */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RecommendResource {

    private final RecommendService recommendations;
    private final InteractionService interactions;

    public RecommendResource(RecommendService recommendations, InteractionService interactions) {
        this.recommendations = recommendations;
        this.interactions = interactions;
    }

    @POST
    @Path("/predict/recommend")
    public CompletionStage<RecommendResponse> recommend(@Valid @NotNull RecommendRequest request,
                                                        @RestHeader("X-Routing-Key") String routingKey) {
        return recommendations.recommend(request.userId(), request.category(), request.limit(),
                request.excludeSeenOrDefault(), request.model(), request.version(),
                routingKey != null ? routingKey : request.routingKey(), System.nanoTime()).thenApply(served ->
                new RecommendResponse(
                        served.recommendations().items().stream().map(RecommendResponse.RecommendedItem::of).toList(),
                        served.recommendations().strategy(), served.key().name(), served.key().version(),
                        served.latencyMs(), served.coldStart() ? Boolean.TRUE : null));
    }

    @POST
    @Blocking  // the journal is written (and flushed) before the 202
    @Path("/interactions")
    @APIResponse(responseCode = "202", description = "Written to the journal; folded in from the next recommendation")
    public Response interact(@Valid @NotNull InteractionRequest request) {
        Interaction accepted = interactions.accept(request.userId(), request.itemId(), request.rating());
        return Response.accepted(new InteractionResponse(true, accepted.userId(), Integer.toString(accepted.itemId()),
                request.rating())).build();
    }
}
