package com.example.legacy.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api/rest/notes}: every signed-in user ({@code user} or {@code administrator}) may read
 * the notes; only administrators may write or delete them. Roles are declared with
 * {@code @RolesAllowed} and enforced by Jersey; the author of a note is the caller's principal.
 *
 * <pre>
 * GET    /api/rest/notes        200 [{"id":1,"text":"…","author":"admin"}, …]
 * GET    /api/rest/notes/{id}   200 {"id":1,…} | 404
 * POST   /api/rest/notes        {"text":"…"} → 201 {"id":…,…} with Location | 400
 * DELETE /api/rest/notes/{id}   204 | 404
 * </pre>
 *
 * <p>Thread-safe: one instance (registered by {@link NotesApplication}) over a thread-safe store.
 */
@Path("notes")
@Produces(MediaType.APPLICATION_JSON)
public final class NotesResource {

    static final int MAX_TEXT_LENGTH = 1000;

    private final Notes notes;

    NotesResource(Notes notes) {
        this.notes = notes;
    }

    @GET
    @RolesAllowed({"user", "administrator"})
    public JsonArray list() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        notes.all().forEach(note -> array.add(json(note)));
        return array.build();
    }

    @GET
    @Path("{id: [0-9]{1,18}}")
    @RolesAllowed({"user", "administrator"})
    public JsonObject get(@PathParam("id") long id) {
        return json(notes.find(id).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("administrator")
    public Response create(JsonValue body, @Context SecurityContext security, @Context UriInfo uri) {
        JsonValue text = body instanceof JsonObject object ? object.get("text") : null;
        if (!(text instanceof JsonString string) || string.getString().isBlank()) {
            throw new BadRequestException("A note needs a \"text\" string.");
        }
        if (string.getString().length() > MAX_TEXT_LENGTH) {
            throw new BadRequestException("A note has at most " + MAX_TEXT_LENGTH + " characters.");
        }
        Notes.Note note = notes.add(string.getString().strip(), security.getUserPrincipal().getName())
                .orElseThrow(() -> new ClientErrorException(
                        "There are already " + Notes.MAX_NOTES + " notes; delete some first.",
                        Response.Status.CONFLICT));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(note.id())).build())
                .entity(json(note))
                .build();
    }

    @DELETE
    @Path("{id: [0-9]{1,18}}")
    @RolesAllowed("administrator")
    public Response delete(@PathParam("id") long id) {
        if (!notes.remove(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("There is no note " + id + ".");
    }

    private static JsonObject json(Notes.Note note) {
        return Json.createObjectBuilder()
                .add("id", note.id())
                .add("text", note.text())
                .add("author", note.author())
                .build();
    }
}
