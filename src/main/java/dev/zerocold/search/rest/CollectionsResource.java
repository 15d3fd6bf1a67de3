package dev.zerocold.search.rest;

import dev.zerocold.search.index.CollectionDocument;
import dev.zerocold.search.service.CollectionService;
import dev.zerocold.search.service.QueryInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/collections}: semantic-search collections (docs/search.md). Blocking: writes wait for
 * their commit, and requests wait for their texts' vectors.
 */
@Path("/v1/collections")
@Blocking
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CollectionsResource {

    private final CollectionService collections;

    public CollectionsResource(CollectionService collections) {
        this.collections = collections;
    }

    @GET
    public CollectionList list() {
        return new CollectionList(collections.list().stream().map(CollectionResponse::of).toList());
    }

    @PUT
    @Path("/{name}")
    public Response create(@PathParam("name") String name, @NotNull CollectionRequest request) {
        CollectionService.Outcome outcome = collections.createOrConfirm(name, request.model(), request.version());
        return Response.status(outcome.created() ? 201 : 200).entity(CollectionResponse.of(outcome.collection())).build();
    }

    @GET
    @Path("/{name}")
    public CollectionResponse get(@PathParam("name") String name) {
        return CollectionResponse.of(collections.info(name));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        collections.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("/{name}/documents")
    public UpsertResponse upsert(@PathParam("name") String name, @NotNull UpsertRequest request) {
        return new UpsertResponse(collections.upsert(name, request.documents() == null ? null
                : request.documents().stream().map(d -> d == null ? null
                        : new CollectionDocument(d.id(), d.text(), d.metadata())).toList()));
    }

    @GET
    @Path("/{name}/documents/{id}")
    public DocumentResponse document(@PathParam("name") String name, @PathParam("id") String id) {
        CollectionDocument document = collections.document(name, id);
        return new DocumentResponse(document.id(), document.text(), document.metadata());
    }

    @DELETE
    @Path("/{name}/documents/{id}")
    public Response deleteDocument(@PathParam("name") String name, @PathParam("id") String id) {
        collections.deleteDocument(name, id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{name}/query")
    public QueryResponse query(@PathParam("name") String name, @NotNull QueryRequest request) {
        return new QueryResponse(collections.query(name, new QueryInput(request.query(), request.vector(),
                request.topK(), request.filter(), request.mode())).stream()
                .map(hit -> new QueryResponse.Result(hit.id(), hit.score(), hit.text(), hit.metadata())).toList());
    }
}
