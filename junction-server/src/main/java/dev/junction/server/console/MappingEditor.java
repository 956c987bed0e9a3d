package dev.junction.server.console;

import dev.junction.engine.Definitions;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.server.api.internal.DefinitionTexts;
import dev.junction.server.console.MappingView.Draft;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SyncSpec;
import dev.junction.store.StoredDefinition;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The mapping editor at {@code /console/syncs/NAME/mapping}: the sync's source and destination fields
 * side by side, its mapping lines, the automapper's suggestions to accept one by one, a preview of
 * sample records through the draft, and Save, which applies the draft as a new version of the Sync
 * through the engine's definitions (as {@code PUT /api/v1/definitions/Sync/NAME} with {@code If-Match}:
 * a change made meanwhile is reported, never overwritten). The draft travels in the form's hidden
 * fields from step to step (the YAML text, the version it started from, the suggestions shown); the
 * server keeps nothing of it. Editing is for operator editors, as definitions are operators'; anyone
 * who may see the sync reads its mapping here.
 */
public final class MappingEditor implements ApiModule {
    private final Engine engine;
    private final ConsolePages pages;
    private final MappingView views;

    MappingEditor(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
        this.views = new MappingView(engine);
    }

    @Override
    public void register(Routes routes) {
        Param name = Param.path("name", "An applied sync");
        routes.get("/console/syncs/{name}/mapping", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("console.mapping", "console", "A sync's mapping editor: source and destination fields side by side and the mapping lines")
                .param(name)
                .param(Param.query("tenant", "A per-tenant sync: the tenant whose records preview and suggest (a tenant token: its own)", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    SyncSpec spec = Access.sync(engine.definitions().applied(), ctx.pathParam("name"), ApiRequest.of(ctx));
                    StoredDefinition current = engine.definitions().get("Sync", spec.name());
                    Draft draft = new Draft(current.source(), current.version(), ConsolePages.tenant(ctx), null, List.of(), List.of());
                    render(ctx, 200, views.page(spec, draft, canEdit(ctx), false, false, null));
                });
        routes.post("/console/syncs/{name}/mapping", Guard.token(Role.EDITOR, Scope.operator()))
                .operation("console.editMapping", "console", "One step of the mapping editor: suggest, accept a suggestion, preview, or save a new version")
                .description("A form: 'draft' (the Sync's YAML), 'base' (the version it started from), 'tenant' and 'stream' (for a per-tenant sync's"
                        + " records and the destination stream to suggest from), 'sd'/'ss' (the suggestions shown), and 'step' (suggest, preview,"
                        + " save) or 'accept' (the index of the suggestion to accept). Save applies the draft as a new version only while the"
                        + " Sync is still at 'base'; else it shows the conflict and keeps the draft.")
                .param(name)
                .response(200, "The editor again, with the step's result")
                .response(303, "Saved: to the sync's page, which shows the new version")
                .response(409, "The editor again: the Sync changed since the draft was started, or the draft has problems")
                .handle(this::step);
    }

    private void step(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        SyncSpec spec = Access.sync(engine.definitions().applied(), ctx.pathParam("name"), request);
        request.auditObject("Sync", spec.name());
        Draft draft = Draft.of(ctx, engine.definitions().currentVersion("Sync", spec.name()));
        String accept = ctx.formParam("accept");
        String step = accept != null ? "accept" : String.valueOf(ctx.formParam("step"));
        switch (step) {
            case "accept" -> {
                int index = index(accept, draft.targets().size());
                draft = draft.withText(MappingDraft.accept(draft.text(), draft.targets().get(index), draft.sources().get(index)))
                        .withoutSuggestion(index);
                render(ctx, 200, views.page(spec, draft, true, false, true, "Accepted: " + draft.lastAccepted()));
            }
            case "suggest" -> render(ctx, 200, views.page(spec, draft, true, true, false, null));
            case "save" -> save(ctx, spec, draft, request.principal().orElseThrow());
            default -> render(ctx, 200, views.page(spec, draft, true, false, true, null));
        }
    }

    private void save(Context ctx, SyncSpec spec, Draft draft, Principal by) {
        StoredDefinition current = engine.definitions().get("Sync", spec.name());
        String origin = current.origin();
        try {
            Definitions.ApplyResult result = engine.definitions().applyOne("Sync", spec.name(), new SourceText(origin, draft.text()), draft.base(), by);
            if (!result.ok()) {
                List<String> problems = DefinitionTexts.problems(result.result()).stream().map(p -> (p.line() == null ? "" : "line " + p.line() + ": ")
                        + (p.path() == null ? "" : p.path() + ": ") + p.message()).toList();
                render(ctx, 409, views.page(spec, draft.withProblems(problems), true, false, false,
                        "Not saved: the draft has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "; nothing was applied."));
                return;
            }
            ApiRequest.of(ctx).auditDetail("version", result.applied().getFirst().version());
            SyncPages.redirect(ctx, SyncLinks.sync(spec.name()) + "?saved=" + result.applied().getFirst().version());
        } catch (EngineException.Stale e) {
            render(ctx, 409, views.page(spec, draft, true, false, false, "Not saved: Sync '" + spec.name() + "' changed since you started this draft from"
                    + " version " + draft.base() + "; it is now at version " + e.currentVersion() + ". Nothing was overwritten. Open the editor again to"
                    + " start from version " + e.currentVersion() + " (copy your draft below first)."));
        } catch (EngineException.Invalid e) {
            render(ctx, 409, views.page(spec, draft, true, false, false, "Not saved: " + e.getMessage() + "."));
        }
    }

    private boolean canEdit(Context ctx) {
        Principal principal = ApiRequest.of(ctx).principal().orElseThrow();
        return !principal.isTenantScoped() && principal.role().allows(Role.EDITOR);
    }

    private void render(Context ctx, int status, MappingView.Page page) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("page", page));
        pages.page(ctx, "mapping.jte", "Mapping of " + page.sync(), "syncs", params);
        ctx.status(ctx.header("HX-Request") != null ? 200 : status); // htmx swaps in 2xx answers only: the page says what went wrong
    }

    private static int index(String text, int size) {
        if (text != null && text.matches("[0-9]{1,4}") && Integer.parseInt(text) < size) {
            return Integer.parseInt(text);
        }
        throw new dev.junction.server.ApiProblem.BadRequest("'accept' names a suggestion of the form by its number, 0 to " + (size - 1) + ".");
    }
}
