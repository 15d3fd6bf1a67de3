package dev.zerocold.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once every model version found at startup has finished loading, successfully or not. */
@Startup
@ApplicationScoped
public class ModelsStartedCheck implements HealthCheck {

    private final ModelManager manager;

    public ModelsStartedCheck(ModelManager manager) {
        this.manager = manager;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-loading")
                .status(manager.startupLoadFinished())
                .withData("versions", manager.versions().size())
                .build();
    }
}
