package dev.zerocold.runtime.snapshot;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /snapshot/prepare}: readies the process for a checkpoint by CRIU (or a CRaC JDK).
 * Behind the management API key, as every registry write; the next other request resumes.
 */
@Path("/snapshot")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotResource {

    /** The one request that does not resume a prepared process ({@link AutoResume}). */
    static final String PREPARE_PATH = "/snapshot/prepare";

    private final Snapshot snapshot;

    public SnapshotResource(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    @POST
    @Blocking  // waits for a running journal compaction, flushes and closes files, collects garbage
    @Path("/prepare")
    @Operation(summary = "Close files, sockets and jobs a checkpoint must not capture; the next request resumes")
    @APIResponse(responseCode = "200", description = "Prepared: dump the process now")
    @APIResponse(responseCode = "409", description = "A resource refused (e.g. a retraining is running); still serving")
    public SnapshotResponse prepare() {
        return snapshot.prepare();
    }
}
