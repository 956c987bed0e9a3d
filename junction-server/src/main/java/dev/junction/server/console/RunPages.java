package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.spec.LoadResult;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.RunListener;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's run page ({@link RunDetail}: timeline, counters, row errors by reason, the run's
 * requests by record key, its dead letters in pages) and the forms that replay or discard the run's
 * open dead letters — those ticked, or all of them — as {@code POST /api/v1/deadletters/replay} and
 * {@code /discard} do. Every route is confined to the run's tenant (another tenant's run answers 404),
 * and a ticked id of another run is refused as one that does not exist.
 */
public record RunPages(Engine engine, ConsolePages pages) implements ApiModule {
    /** Ids one form may tick at most (a page of dead letters holds fewer). */
    static final int MAX_IDS = 1000;

    @Override
    public void register(Routes routes) {
        Access access = new Access(engine);
        Scope runOwner = Scope.tenantOfObject(ctx -> access.ownerOfRun(ctx.pathParam("runId")));
        routes.get("/console/runs/{runId}", Guard.token(Role.VIEWER, runOwner))
                .operation("console.run", "console", "One run: timeline, counters, row errors by reason, its requests by record key, its dead letters")
                .param(Param.path("runId", "The run's id"))
                .param(Param.query("key", "Only the run's requests that carried this record key", String.class))
                .param(Param.query("requests", "The next page of the run's requests (the page's link)", String.class))
                .param(Param.query("state", "Dead letters in this state: open (default), replayed, discarded or all", String.class))
                .param(Param.query("letters", "The next page of dead letters (the page's link)", String.class))
                .param(Param.query("replayedBy", "The replay run the last Replay started, to link to", String.class))
                .param(Param.query("discarded", "How many the last Discard discarded, to say so", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    RunRecord run = run(ctx);
                    RunDetail page = new RunDetail.Reader(engine).read(run, RunDetail.Filters.of(ctx), canEdit(ctx));
                    pages.page(ctx, "run.jte", "Run " + run.id(), "syncs", Map.of("page", page));
                });
        deadLetterForm(routes, runOwner, "replay", "console.replayDeadLetters", "Replays",
                "As POST /api/v1/deadletters/replay: one replay run, synchronous. 409 when nothing selected is open.",
                "Back to the run's page, naming the replay run", (ctx, selections) -> {
                    LoadResult definitions = engine.definitions().applied();
                    List<String> replays = new ArrayList<>();
                    for (DeadLetterSelection selection : selections) {
                        replays.add(engine.runs().replay(definitions, selection, RunListener.NONE).run().id());
                    }
                    ApiRequest.of(ctx).auditDetail("runs", replays);
                    return "replayedBy=" + Links.segment(replays.getFirst());
                });
        deadLetterForm(routes, runOwner, "discard", "console.discardDeadLetters", "Discards",
                "As POST /api/v1/deadletters/discard: they stay in the history as discarded. 409 when nothing selected is open.",
                "Back to the run's page, saying how many were discarded", (ctx, selections) -> {
                    long discarded = engine.deadLetters().discard(selections);
                    ApiRequest.of(ctx).auditDetail("discarded", discarded);
                    return "discarded=" + discarded;
                });
    }

    /** What a dead letter form does with the selection; answers the query the run's page is shown again with. */
    private interface FormAction {
        String act(Context ctx, List<DeadLetterSelection> selections);
    }

    /** {@code POST /console/runs/{runId}/deadletters/ACTION}: the form's selection ({@link #select}), acted on, then 303 back to the run. */
    private void deadLetterForm(Routes routes, Scope runOwner, String action, String operation, String verb, String description, String answer,
            FormAction form) {
        routes.post("/console/runs/{runId}/deadletters/" + action, Guard.token(Role.EDITOR, runOwner))
                .operation(operation, "console", verb + " the run's ticked open dead letters (form fields id), or all of them (all=true)")
                .description(description)
                .param(Param.path("runId", "The run's id"))
                .response(303, answer)
                .handle(ctx -> {
                    RunRecord run = run(ctx);
                    String query = form.act(ctx, select(ctx, run));
                    ConsoleHeaders.apply(ctx, false);
                    ctx.status(303).header("Location", Links.run(run.id()) + "?" + query + "#dead-letters").result("");
                });
    }

    private RunRecord run(Context ctx) {
        return engine.runs().find(ctx.pathParam("runId"))
                .orElseThrow(() -> new ApiProblem.NotFound("No run has id '" + ctx.pathParam("runId") + "'."));
    }

    /** Editors and admins see the forms; a viewer (or a script with a bearer token: no CSRF token) does not. */
    static boolean canEdit(Context ctx) {
        return ApiRequest.of(ctx).principal().map(p -> p.role().allows(Role.EDITOR)).orElse(false);
    }

    /**
     * The form's selection: {@code all=true} for every open dead letter of the run, else the ticked
     * {@code id}s, each of which must be this run's (another's is answered as not existing).
     */
    private List<DeadLetterSelection> select(Context ctx, RunRecord run) {
        ApiRequest.of(ctx).auditObject("run", run.id());
        if ("true".equals(ctx.formParam("all"))) {
            return engine.deadLetters().select(null, run.id(), null, null);
        }
        List<String> given = ctx.formParams("id");
        if (given.isEmpty() || given.size() > MAX_IDS) {
            throw new ApiProblem.BadRequest("Tick from 1 to " + MAX_IDS + " dead letters (or use the button for all of the run's); the form had "
                    + given.size() + ".");
        }
        List<Long> ids = new ArrayList<>();
        for (String text : given) {
            long id;
            try {
                id = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new ApiProblem.BadRequest("Form field 'id' takes dead letter ids (numbers); got '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'.");
            }
            if (!engine.deadLetters().find(id).map(DeadLetter::runId).map(run.id()::equals).orElse(false)) {
                throw new ApiProblem.NotFound("Run '" + run.id() + "' has no dead letter " + id + ".");
            }
            ids.add(id);
        }
        return engine.deadLetters().select(ids, null, null, null);
    }
}
