package dev.zerocold.api.limits;

import dev.zerocold.common.ApiKeys;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.HexFormat;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies the per-client rate limits before a request is read: one token per request of the
 * predict, interactions and management families (the batch endpoint takes its items' worth once
 * it has read them, see {@link #client}). Over the limit: 429 problem with {@code Retry-After}.
 */
public class RateLimitFilter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION - 100)
    public void check(ContainerRequestContext request, HttpServerRequest http) {
        RateLimiter.Family family = family(request.getUriInfo().getPath(), request.getMethod());
        if (family != null && limiter.enabled(family)) {
            limiter.acquire(family, client(http), 1);
        }
    }

    /** The family a request counts against; null for reads, health, metrics and the batch endpoint. */
    static RateLimiter.Family family(String path, String method) {
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        if (path.equals("/v2/repository") || path.startsWith("/v2/repository/")
                || path.equals("/snapshot") || path.startsWith("/snapshot/")
                || (write && (path.equals("/models") || path.startsWith("/models/")))) {
            return RateLimiter.Family.MANAGEMENT;
        }
        if (!write) {
            return null;
        }
        if (path.equals("/api/interactions")) {
            return RateLimiter.Family.INTERACTIONS;
        }
        if (path.equals("/api/predict/batch")) {
            return null;
        }
        if (path.startsWith("/api/predict/") || path.startsWith("/predict/")
                || (path.startsWith("/v2/models/") && path.endsWith("/infer"))
                || path.equals("/v1/embeddings") || path.equals("/v1/completions") || path.equals("/v1/chat/completions")
                || path.startsWith("/v1/collections/")) {
            return RateLimiter.Family.PREDICT;
        }
        return null;
    }

    /**
     * Who a request counts against: its API key ({@code X-API-Key} or {@code Authorization: Bearer},
     * kept only as a digest), else its remote address.
     */
    public static String client(HttpServerRequest http) {
        String key = ApiKeys.of(http::getHeader);
        if (key != null) {
            return "key:" + HexFormat.of().formatHex(ApiKeys.digest(key), 0, 12);
        }
        return http.remoteAddress() == null ? "unknown" : "addr:" + http.remoteAddress().hostAddress();
    }
}
