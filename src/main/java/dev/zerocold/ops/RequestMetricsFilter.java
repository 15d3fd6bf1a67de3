package dev.zerocold.ops;

import dev.zerocold.common.ModelAnswer;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.registry.ModelVersions;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every prediction API request ({@code /api/…}, {@code /predict/…}, {@code /v2/models/…/infer}) once its response is known, whatever its status:
 * the model version comes from the response body (answers and problems both name it), and is used
 * only if that version is deployed.
 */
public class RequestMetricsFilter {

    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    private final RequestMetrics metrics;
    private final ModelVersions models;

    public RequestMetricsFilter(RequestMetrics metrics, ModelVersions models) {
        this.metrics = metrics;
        this.models = models;
    }

    @ServerRequestFilter(preMatching = true)
    public void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void finished(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("/predict/") && !(path.startsWith("/v2/models/")
                && path.endsWith("/infer"))) {
            return;
        }
        Object started = request.getProperty(STARTED);
        long nanos = started instanceof Long start ? System.nanoTime() - start : 0;
        ModelKey key = RequestMetrics.NONE;
        if (response.getEntity() instanceof ModelAnswer answer && models.isDeployed(answer.model(), answer.version())) {
            key = new ModelKey(answer.model(), answer.version());
        }
        metrics.record(key, response.getStatus(), nanos);
    }
}
