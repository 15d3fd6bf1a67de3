package dev.zerocold.runtime.registry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once every model version found at startup has finished loading, successfully or not. */
@Startup
@ApplicationScoped
public class ModelsStartedCheck implements HealthCheck {

    private final ModelVersions versions;
    private final ModelLifecycle lifecycle;

    public ModelsStartedCheck(ModelVersions versions, ModelLifecycle lifecycle) {
        this.versions = versions;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-loading")
                .status(lifecycle.startupLoadFinished())
                .withData("versions", versions.all().size())
                .build();
    }
}
