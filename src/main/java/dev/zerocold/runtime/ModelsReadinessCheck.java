package dev.zerocold.runtime;

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

    private final ModelManager manager;

    public ModelsReadinessCheck(ModelManager manager) {
        this.manager = manager;
    }

    /**
     * Whether the startup load has finished and every eagerly loaded model's default version is
     * READY, and the process is not shutting down.
     */
    public static boolean ready(ModelManager manager) {
        return !Termination.terminating() && manager.startupLoadFinished()
                && manager.eagerDefaultVersions().stream().allMatch(v -> v.status() == ModelStatus.READY);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models").status(ready(manager));
        for (ModelVersion version : manager.versions()) {
            String value = version.status().name() + version.failure().map(reason -> ": " + reason).orElse("");
            response.withData(version.key().toString(), value);
        }
        return response.build();
    }
}
