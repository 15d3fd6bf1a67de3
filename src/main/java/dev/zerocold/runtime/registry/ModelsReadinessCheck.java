package dev.zerocold.runtime.registry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the default version of every eagerly loaded model is READY. Data lists every version's status
 * (and the reason of any failure), e.g. {@code "sentiment/1": "READY"}.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelVersions versions;
    private final ModelLifecycle lifecycle;

    public ModelsReadinessCheck(ModelVersions versions, ModelLifecycle lifecycle) {
        this.versions = versions;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models").status(lifecycle.ready());
        for (ModelVersion version : versions.all()) {
            String value = version.status().name() + version.failure().map(reason -> ": " + reason).orElse("");
            response.withData(version.key().toString(), value);
        }
        return response.build();
    }
}
