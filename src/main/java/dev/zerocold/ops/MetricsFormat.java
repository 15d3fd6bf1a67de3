package dev.zerocold.ops;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /q/metrics} without a preference ({@code Accept} absent or {@code *}{@code /*}, as curl
 * sends it) answers the Prometheus text format 0.0.4, which every Prometheus server and
 * {@code promtool check metrics} read, and which a Prometheus scrape gets anyway (its {@code Accept}
 * names {@code text/plain}). The extension would otherwise answer OpenMetrics, whose counters
 * promtool misreads as series without HELP text.
 */
@ApplicationScoped
public class MetricsFormat {

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PATH = "/q/metrics";
    /** Ahead of the metrics route. */
    private static final int PRIORITY = 900;

    void register(@Observes Filters filters) {
        filters.register(MetricsFormat::preferText, PRIORITY);
    }

    private static void preferText(RoutingContext context) {
        if (HttpMethod.GET.equals(context.request().method()) && PATH.equals(context.normalizedPath())) {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept == null || accept.isBlank() || accept.strip().equals("*/*")) {
                context.request().headers().set(HttpHeaders.ACCEPT, TEXT_FORMAT);
            }
        }
        context.next();
    }
}
