package dev.zerocold.runtime.snapshot;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Resumes a prepared process on the first HTTP request that reaches it, before the request is
 * handled: after a CRIU restore nothing else tells the JVM, and a snapshot prepared but never dumped
 * heals the same way. A Vert.x filter ahead of every route, so probes ({@code /q/health/*}),
 * metrics and every API are covered; only {@code POST /snapshot/prepare} passes without resuming.
 * Costs a volatile read per request; resuming (reopening a file, restarting the scheduler) runs
 * once, on the event loop, in milliseconds.
 */
@ApplicationScoped
public class AutoResume {

    /** Ahead of the routes of every extension and of the REST endpoints. */
    private static final int PRIORITY = 1_000;

    void register(@Observes Filters filters, Snapshot snapshot) {
        filters.register(request -> handle(request, snapshot), PRIORITY);
    }

    private static void handle(RoutingContext request, Snapshot snapshot) {
        if (snapshot.prepared() && !(HttpMethod.POST.equals(request.request().method())
                && SnapshotResource.PREPARE_PATH.equals(request.normalizedPath()))) {
            snapshot.resume();
        }
        request.next();
    }
}
