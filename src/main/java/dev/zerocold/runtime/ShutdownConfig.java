package dev.zerocold.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Graceful shutdown on SIGTERM ({@code zerocold.shutdown.*}); in-flight requests get {@code quarkus.shutdown.timeout}. */
@ConfigMapping(prefix = "zerocold.shutdown")
public interface ShutdownConfig {

    /**
     * How long readiness reports DOWN, while requests are still served as usual, before the server
     * stops taking new ones: the time a load balancer needs to stop routing here.
     */
    @WithDefault("1s")
    Duration readinessDelay();
}
