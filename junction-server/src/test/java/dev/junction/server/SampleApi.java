package dev.junction.server;

import dev.junction.engine.Role;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junction.store.StoreException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Map;

/**
 * A representative API module for the server's own tests: global widgets (read by all, changed by
 * operators), operator-only audit, tenant-owned notes addressed by id, tenant path, tenant query and
 * tenant body, a webhook and a connect-session route, and routes that fail on purpose.
 */
final class SampleApi implements ApiModule {
    record Widget(@JsonProperty(required = true) String name, Integer size, List<String> tags) {
        Widget {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    record NewNote(String tenant, @JsonProperty(required = true) String text, int priority, Boolean pinned, Map<String, String> labels) {}

    record NoteUpdate(@JsonProperty(required = true) String text) {}

    record WidgetNames(@JsonProperty(required = true) List<String> names) {}

    record NoteView(String id, String tenant, String text) {}

    record WhoAmI(String client, String baseUrl, String token, String tenant) {}

    private final Notebook notebook;

    SampleApi(Notebook notebook) {
        this.notebook = notebook;
    }

    @Override
    public void register(Routes routes) {
        Scope noteOwner = Scope.tenantOfObject(ctx -> notebook.tenantOf(ctx.pathParam("id")));

        routes.get("/api/v1/widgets", Guard.token(Role.VIEWER, Scope.global()))
                .operation("listWidgets", "widgets", "Lists the shared widgets")
                .response(200, "The widgets", Schema.arrayOf(Widget.class))
                .handle(ctx -> ctx.json(List.copyOf(notebook.widgets().values())));
        routes.post("/api/v1/widgets", Guard.token(Role.EDITOR, Scope.global()))
                .operation("createWidget", "widgets", "Adds a shared widget")
                .body(Widget.class)
                .response(201, "Created", Widget.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    Widget widget = request.body(Widget.class);
                    if (widget.name().length() > 200) {
                        // the name goes into the Location header: a real API bounds what it echoes there (Jetty refuses huge response headers)
                        throw new ApiProblem.BadRequest("name: at most 200 characters, found " + widget.name().length() + ".");
                    }
                    notebook.widgets().put(widget.name(), widget);
                    ctx.status(201).header("Location", request.location("/api/v1/widgets/" + widget.name()).toString()).json(widget);
                });
        routes.post("/api/v1/widgets/bulk", Guard.token(Role.EDITOR, Scope.global()))
                .operation("widgets.bulk", "widgets", "Adds shared widgets by name: JSON, or plain text with one name per line")
                .body(WidgetNames.class).textBody("text/plain")
                .response(200, "The names added", Schema.arrayOf(String.class))
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    List<String> names = request.textBody().map(t -> t.text().lines().filter(l -> !l.isBlank()).toList())
                            .orElseGet(() -> request.body(WidgetNames.class).names());
                    names.forEach(name -> notebook.widgets().put(name, new Widget(name, null, null)));
                    request.auditObject("widget", String.join(",", names));
                    request.auditDetail("count", names.size());
                    ctx.json(names);
                });
        routes.delete("/api/v1/widgets/{name}", Guard.token(Role.ADMIN, Scope.global()))
                .operation("deleteWidget", "widgets", "Removes a shared widget")
                .response(204, "Removed")
                .handle(ctx -> {
                    if (notebook.widgets().remove(ctx.pathParam("name")) == null) {
                        throw new ApiProblem.NotFound("No widget '" + ctx.pathParam("name") + "'.");
                    }
                    ctx.status(204);
                });
        routes.get("/api/v1/audit", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("listAudit", "audit", "The audit log")
                .response(200, "Entries", Schema.arrayOf(String.class))
                .handle(ctx -> ctx.json(List.of("operator-only entry")));

        routes.get("/api/v1/notes", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("listNotes", "notes", "Lists notes; tenant tokens see their own")
                .response(200, "The notes", Schema.arrayOf(NoteView.class))
                .handle(ctx -> ctx.json(notebook.list(ApiRequest.of(ctx).tenant()).stream().map(SampleApi::view).toList()));
        routes.post("/api/v1/notes", Guard.token(Role.EDITOR, Scope.tenantFromBody(NewNote.class, NewNote::tenant)))
                .operation("createNote", "notes", "Adds a note to a tenant")
                .body(NewNote.class)
                .response(201, "Created", NoteView.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    Notebook.Note note = notebook.add(request.tenant().orElse(null), request.body(NewNote.class).text());
                    ctx.status(201).header("Location", request.location("/api/v1/notes/" + note.id()).toString()).json(view(note));
                });
        routes.get("/api/v1/notes/{id}", Guard.token(Role.VIEWER, noteOwner))
                .operation("getNote", "notes", "Shows one note")
                .param(Param.path("id", "The note's id"))
                .response(200, "The note", NoteView.class)
                .handle(ctx -> ctx.json(view(note(ctx.pathParam("id")))));
        routes.put("/api/v1/notes/{id}", Guard.token(Role.EDITOR, noteOwner))
                .operation("replaceNote", "notes", "Replaces a note's text")
                .body(NoteUpdate.class)
                .response(200, "The note", NoteView.class)
                .handle(ctx -> {
                    Notebook.Note note = note(ctx.pathParam("id"));
                    Notebook.Note updated = new Notebook.Note(note.id(), note.tenant(), ApiRequest.of(ctx).body(NoteUpdate.class).text());
                    notebook.replace(updated);
                    ctx.json(view(updated));
                });
        routes.delete("/api/v1/notes/{id}", Guard.token(Role.EDITOR, noteOwner))
                .operation("deleteNote", "notes", "Removes a note")
                .response(204, "Removed")
                .handle(ctx -> {
                    notebook.remove(note(ctx.pathParam("id")).id());
                    ctx.status(204);
                });
        routes.get("/api/v1/tenants/{tenant}/notes", Guard.token(Role.VIEWER, Scope.tenantFromPath("tenant")))
                .operation("listTenantNotes", "notes", "Lists one tenant's notes")
                .response(200, "The notes", Schema.arrayOf(NoteView.class))
                .handle(ctx -> ctx.json(notebook.list(ApiRequest.of(ctx).tenant()).stream().map(SampleApi::view).toList()));

        routes.post("/hooks/{source}", Guard.webhookSignature("standard-webhooks"))
                .operation("receiveWebhook", "hooks", "Takes a webhook")
                .response(202, "Stored")
                .handle(ctx -> ctx.status(202));
        routes.get("/connect/{session}", Guard.connectSession())
                .operation("showConnectPage", "connect", "The connect page")
                .response(200, "The page")
                .handle(ctx -> ctx.result("connect"));

        routes.get("/api/v1/whoami", Guard.token(Role.VIEWER, Scope.global()))
                .operation("whoAmI", "meta", "Who and where the caller is")
                .response(200, "The caller", WhoAmI.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    ctx.json(new WhoAmI(request.clientAddress(), request.baseUrl().toString(), request.principal().orElseThrow().id(),
                            request.tenant().orElse(null)));
                });
        routes.get("/api/v1/failures/bug", Guard.token(Role.VIEWER, Scope.global()))
                .operation("failWithABug", "failures", "Throws an unexpected exception")
                .response(200, "Never")
                .handle(ctx -> {
                    throw new IllegalStateException("secret internals: password=hunter2 at jdbc:postgresql://db");
                });
        routes.get("/api/v1/failures/store", Guard.token(Role.VIEWER, Scope.global()))
                .operation("failWithTheStore", "failures", "Fails as when the store went away")
                .response(200, "Never")
                .handle(ctx -> {
                    throw new StoreException("could not list runs on jdbc:postgresql://db:5432/junction",
                            new SQLNonTransientConnectionException("Connection to db:5432 refused", "08001"));
                });
        routes.get("/api/v1/failures/bare", Guard.token(Role.VIEWER, Scope.global()))
                .operation("failBare", "failures", "Sets an error status without a body")
                .response(200, "Never")
                .handle(ctx -> ctx.status(418));
    }

    private Notebook.Note note(String id) {
        return notebook.find(id).orElseThrow(() -> new ApiProblem.NotFound("No note '" + id + "'."));
    }

    private static NoteView view(Notebook.Note note) {
        return new NoteView(note.id(), note.tenant(), note.text());
    }
}
