package dev.zerocold.sentiment.rest;

import dev.zerocold.sentiment.service.SentimentService;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/predict/sentiment}: positive, negative or neutral, with confidence and polarity.
 * Runs on the HTTP event loop and returns at once; the answer comes when the model's queue has run
 * the text.
 */
@Path("/api/predict/sentiment")
public class SentimentResource {

    private final SentimentService service;

    public SentimentResource(SentimentService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<SentimentResponse> predict(@Valid @NotNull SentimentRequest request,
                                                      @RestHeader("X-Routing-Key") String routingKey) {
        return service.predict(request.routedBy(routingKey), System.nanoTime());
    }
}
