package dev.zerocold.runtime;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * What SIGTERM (Kubernetes and Knative stopping a pod) does to a packaged zerocold: readiness goes
 * DOWN at once ({@code /q/health/ready}, {@code /v2/health/ready}) while requests are still served
 * for {@code zerocold.shutdown.readiness-delay}; then the server stops: new requests get 503 while
 * in-flight and queued ones finish (up to {@code quarkus.shutdown.timeout}), the interaction journal
 * is flushed and closed, models are drained and closed, and the process exits with status 0. A
 * second SIGTERM changes nothing; SIGKILL is the platform's last word. Dev and test modes keep
 * Quarkus's own handling.
 */
@ApplicationScoped
public class Termination {

    private static final Logger LOG = Logger.getLogger(Termination.class);
    private static final AtomicBoolean TERMINATING = new AtomicBoolean();

    private final ShutdownConfig config;

    public Termination(ShutdownConfig config) {
        this.config = config;
    }

    /** True once SIGTERM has been received: readiness reports DOWN. */
    public static boolean terminating() {
        return TERMINATING.get();
    }

    void onStart(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Signal.handle(new Signal("TERM"), signal -> {
            if (!TERMINATING.compareAndSet(false, true)) {
                return;
            }
            Thread stopper = new Thread(this::stop, "zerocold-sigterm");
            stopper.setDaemon(true);
            stopper.start();
        });
    }

    private void stop() {
        LOG.infof("SIGTERM: readiness DOWN; stopping in %d ms", config.readinessDelay().toMillis());
        try {
            Thread.sleep(config.readinessDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Quarkus.asyncExit(0);
    }
}
