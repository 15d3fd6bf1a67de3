package dev.zerocold.ops;

import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.registry.ModelVersions;
import dev.zerocold.runtime.registry.ModelLifecycle;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /health} in the seed API's shape, for clients written against it: always 200, with
 * {@code status} {@code healthy} when every eagerly loaded model's default version is READY (as
 * {@code /q/health/ready}) and {@code degraded} otherwise; each model's status (that of its default
 * version: the newest READY one, else the newest); uptime in ms; heap used and committed in bytes. Kubernetes probes use
 * {@code /q/health/*}.
 */
@Path("/health")
public class HealthResource {

    /** The seed API's health body. */
    @RegisterForReflection
    public record Health(String status, long uptime, Map<String, String> models, Memory memory) {
    }

    /** Heap in bytes: used, and committed ({@code heap_total}). */
    @RegisterForReflection
    public record Memory(long heapUsed, long heapTotal) {
    }

    private final ModelVersions models;
    private final ModelLifecycle lifecycle;

    public HealthResource(ModelVersions models, ModelLifecycle lifecycle) {
        this.models = models;
        this.lifecycle = lifecycle;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Health in the seed API's shape: status, uptime, each model's status, heap")
    public Health health() {
        Map<String, String> byModel = new LinkedHashMap<>();
        for (String name : models.all().stream().map(v -> v.key().name()).distinct().toList()) {
            try {
                byModel.put(name, models.defaultVersion(name).status().name());
            } catch (ModelNotFoundException e) {
                // removed meanwhile
            }
        }
        Runtime runtime = Runtime.getRuntime();
        return new Health(lifecycle.ready() ? "healthy" : "degraded",
                ManagementFactory.getRuntimeMXBean().getUptime(), byModel,
                new Memory(runtime.totalMemory() - runtime.freeMemory(), runtime.totalMemory()));
    }
}
