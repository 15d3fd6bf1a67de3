package dev.zerocold.api.admin;

import dev.zerocold.common.ApiKeys;
import dev.zerocold.common.Problem;
import dev.zerocold.search.SearchConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards the management API: every request that changes the registry ({@code POST}, {@code PUT},
 * {@code DELETE} under {@code /models}, and every Open Inference Protocol repository call under
 * {@code /v2/repository}) and every call under {@code /snapshot} needs one of {@code zerocold.admin.api-keys}, in
 * {@code X-API-Key} or {@code Authorization: Bearer}. No key: 401; a wrong key: 403; no keys
 * configured: 403 outside dev mode. Keys are compared in constant time (their SHA-256 digests, so
 * that not even the length leaks) and never logged. Reading ({@code GET /models}) is open, as
 * health and metrics are. Collections ({@code /v1/collections}) follow the same rules: creating and
 * deleting them and writing or deleting documents need a key; reading and querying them are open
 * unless {@code zerocold.search.require-key-for-reads} is set.
 *
 * <p>A RESTEasy Reactive request filter rather than an {@code HttpAuthenticationMechanism}: one
 * check on one family of paths, answered in problem+json like every other error, with no security
 * extension and no roles to map.
 */
public class ManagementAuthFilter {

    private static final Logger LOG = Logger.getLogger(ManagementAuthFilter.class);
    private static final String COLLECTIONS = "/v1/collections";
    private static final java.util.regex.Pattern COLLECTION_QUERY = java.util.regex.Pattern.compile("/v1/collections/[^/]+/query");

    private final ApiKeys.Set keys;
    private final boolean openWithoutKeys;
    private final boolean collectionReadsGuarded;
    private final AtomicBoolean warned = new AtomicBoolean();

    public ManagementAuthFilter(AdminConfig config, SearchConfig search) {
        this.collectionReadsGuarded = search.requireKeyForReads();
        this.keys = ApiKeys.Set.of(config.apiKeys().orElse(List.of()));
        this.openWithoutKeys = LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!guarded(path, request.getMethod()) && !collectionGuarded(path, request.getMethod())) {
            return null;
        }
        if (keys.isEmpty()) {
            if (openWithoutKeys) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("Management API open without a key (dev mode); set zerocold.admin.api-keys");
                }
                return null;
            }
            return refuse(403, "forbidden", "Forbidden", "the management API is off: no API key is configured "
                    + "(zerocold.admin.api-keys)", path);
        }
        String given = ApiKeys.of(request::getHeaderString);
        if (given == null) {
            return refuse(401, "unauthorized", "Unauthorized",
                    "an API key is required (X-API-Key or Authorization: Bearer)", path);
        }
        return keys.matches(given) ? null : refuse(403, "forbidden", "Forbidden", "the API key is not valid", path);
    }

    /** Registry writes: POST, PUT, DELETE under {@code /models}, the protocol's {@code /v2/repository}, and {@code /snapshot}. */
    private static boolean guarded(String path, String method) {
        if (path.startsWith("/v2/repository/") || path.equals("/v2/repository")
                || path.startsWith("/snapshot/") || path.equals("/snapshot")) {
            return true;
        }
        return (path.equals("/models") || path.startsWith("/models/")) && !method.equals("GET") && !method.equals("HEAD");
    }

    /**
     * Collection writes ({@code PUT}/{@code DELETE} a collection, {@code POST}/{@code DELETE} documents: anything
     * but {@code GET}, {@code HEAD} and {@code POST .../query}), and reads too when so configured.
     */
    private boolean collectionGuarded(String path, String method) {
        if (!path.equals(COLLECTIONS) && !path.startsWith(COLLECTIONS + "/")) {
            return false;
        }
        boolean read = method.equals("GET") || method.equals("HEAD")
                || (method.equals("POST") && COLLECTION_QUERY.matcher(path).matches());
        return !read || collectionReadsGuarded;
    }

    private static Response refuse(int status, String slug, String title, String detail, String path) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(slug, title, status, detail, path));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
