package dev.junction.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.ResultPage;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dead letters: listed in cursor pages, shown with their payload and source record, replayed or
 * discarded by ids, by run or by sync. They are their run's tenant's; a classic sync's are operators'.
 */
public final class DeadLettersApi implements ApiModule {
    /**
     * A dead letter in a list: why (with the failure's category and code when it was classified), and
     * where it is in its life ({@code open}, {@code replayed}, {@code discarded}).
     */
    public record DeadLetterSummary(long id, Instant at, String run, String sync, String tenant, String recordKey, String reason, String kind,
            String state, String resolvedRun, Instant resolvedAt, String errorCategory, String errorCode) {}

    public record DeadLettersPage(List<DeadLetterSummary> items, String next) {}

    /** One dead letter with the payload that was not written and the source record it came from (JSON; null when none was stored). */
    public record DeadLetterView(long id, Instant at, String run, String sync, String tenant, String recordKey, String reason, String kind,
            String state, String resolvedRun, Instant resolvedAt, JsonNode payload, JsonNode source, String errorCategory, String errorCode) {}

    /**
     * Which open dead letters to act on: {@code ids}, every one of a {@code run}, or every one of a
     * {@code sync} (narrowed to {@code tenant}) — exactly one of the three.
     */
    public record DeadLetterSelectionRequest(List<Long> ids, String run, String sync, String tenant) {}

    /** A replay run, and the dead letters it could not replay (no source record stored: they stay open). */
    public record ReplayView(RunView run, List<Long> unreplayable) {}

    public record Replayed(List<ReplayView> runs) {}

    public record Discarded(long discarded) {}

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_IDS = 1000;
    private final Engine engine;
    private final Access access;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLettersApi(Engine engine) {
        this.engine = engine;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        Scope selection = Scope.tenantFromBody(DeadLetterSelectionRequest.class, DeadLetterSelectionRequest::tenant);
        routes.get("/api/v1/deadletters", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("deadletters.list", "deadletters", "Lists dead letters, newest first, in pages")
                .description("Filters combine. A tenant token sees its own tenant's only. Follow 'next' (or the Link header) for the next page.")
                .param(Param.query("sync", "Only dead letters of this sync", String.class))
                .param(Param.query("tenant", "Only dead letters of this tenant's runs", String.class))
                .param(Param.query("run", "Only dead letters of this run", String.class))
                .param(Param.query("state", "Only dead letters in this state: " + QueryParams.names(DeadLetter.State.class), String.class))
                .param(Param.query("cursor", "The 'next' of the previous page", String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "A page of dead letters", DeadLettersPage.class)
                .handle(this::list);
        routes.get("/api/v1/deadletters/{deadLetterId}", Guard.token(Role.VIEWER,
                        Scope.tenantOfObject(ctx -> access.ownerOfDeadLetter(ctx.pathParam("deadLetterId")))))
                .operation("deadletters.get", "deadletters", "Shows one dead letter with its payload and source record")
                .param(Param.path("deadLetterId", "The dead letter's id"))
                .response(200, "The dead letter", DeadLetterView.class)
                .handle(ctx -> ctx.json(view(deadLetter(ctx.pathParam("deadLetterId")))));
        routes.post("/api/v1/deadletters/replay", Guard.token(Role.EDITOR, selection))
                .operation("deadletters.replay", "deadletters", "Sends open dead letters again")
                .description("Their source records are mapped with the sync's current mapping and written through its current connections, in"
                        + " one run (trigger replay) per sync and tenant. Synchronous: the answer comes when the replay runs have finished."
                        + " 409 while a run of the sync holds its lease, or when nothing selected is open.")
                .body(DeadLetterSelectionRequest.class)
                .response(200, "The replay runs", Replayed.class)
                .response(409, "Nothing selected is open, or a run of the sync is running")
                .handle(this::replay);
        routes.post("/api/v1/deadletters/discard", Guard.token(Role.EDITOR, selection))
                .operation("deadletters.discard", "deadletters", "Drops open dead letters on purpose")
                .description("They stay in the history as discarded and are never replayed.")
                .body(DeadLetterSelectionRequest.class)
                .response(200, "How many were discarded", Discarded.class)
                .response(409, "Nothing selected is open")
                .handle(this::discard);
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        DeadLetterQuery q = new DeadLetterQuery(query.text("sync"), ApiRequest.of(ctx).tenant().orElse(null), query.text("run"),
                query.choice("state", DeadLetter.State.class), query.cursor(DeadLetterQuery.CURSOR_KIND, true), query.limit(DEFAULT_LIMIT));
        ResultPage<DeadLetter> page = engine.deadLetters().list(q);
        Pages.write(ctx, new DeadLettersPage(page.items().stream().map(DeadLettersApi::summary).toList(), page.nextCursor()), page.nextCursor());
    }

    private DeadLetter deadLetter(String id) {
        return Access.numericId(id).flatMap(engine.deadLetters()::find)
                .orElseThrow(() -> new ApiProblem.NotFound("No dead letter has id '" + id + "'; list them with GET /api/v1/deadletters."));
    }

    private void replay(Context ctx) {
        List<DeadLetterSelection> selections = select(ApiRequest.of(ctx));
        LoadResult definitions = engine.definitions().applied();
        List<ReplayView> runs = new ArrayList<>();
        for (DeadLetterSelection selection : selections) {
            SyncEngine.Replay replay = engine.runs().replay(definitions, selection, RunListener.NONE);
            runs.add(new ReplayView(RunView.of(replay.run()), replay.unreplayable()));
        }
        ApiRequest.of(ctx).auditDetail("runs", runs.stream().map(r -> r.run().id()).toList());
        ctx.json(new Replayed(runs));
    }

    private void discard(Context ctx) {
        long discarded = engine.deadLetters().discard(select(ApiRequest.of(ctx)));
        ApiRequest.of(ctx).auditDetail("discarded", discarded);
        ctx.json(new Discarded(discarded));
    }

    /**
     * The selection, checked: exactly one of ids, run or sync; a tenant only with a sync. A tenant
     * token selects its own tenant's dead letters only: an id or run of another tenant (or of none)
     * is answered as one that does not exist.
     */
    private List<DeadLetterSelection> select(ApiRequest request) {
        DeadLetterSelectionRequest body = request.body(DeadLetterSelectionRequest.class);
        boolean byIds = body.ids() != null;
        if (body.run() != null) {
            request.auditObject("run", body.run());
        } else if (body.sync() != null) {
            request.auditObject("Sync", body.sync());
        } else if (byIds && body.ids().size() <= MAX_IDS) {
            request.auditObject("deadletter", body.ids().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        int given = (byIds ? 1 : 0) + (body.run() != null ? 1 : 0) + (body.sync() != null ? 1 : 0);
        if (given != 1) {
            throw new ApiProblem.BadRequest("Select dead letters with exactly one of 'ids' (a list of ids), 'run' (every open one of a run) or 'sync'"
                    + " (every open one of a sync, narrowed by 'tenant'); " + (given == 0 ? "the body has none." : "the body has " + given + "."));
        }
        if (body.tenant() != null && body.sync() == null) {
            throw new ApiProblem.BadRequest("'tenant' narrows 'sync'; ids and runs already name their tenant: leave 'tenant' out.");
        }
        if (byIds && (body.ids().isEmpty() || body.ids().size() > MAX_IDS || body.ids().contains(null))) {
            throw new ApiProblem.BadRequest("'ids' must list from 1 to " + MAX_IDS + " dead letter ids, without nulls.");
        }
        String tenant = request.tenant().orElse(null);
        if (Access.tenantToken(request)) {
            if (byIds) {
                for (long id : body.ids()) {
                    if (!engine.deadLetters().find(id).map(d -> tenant.equals(d.tenant())).orElse(false)) {
                        throw ApiProblem.notVisible();
                    }
                }
            } else if (body.run() != null && !access.ownerOfRun(body.run()).map(tenant::equals).orElse(false)) {
                throw ApiProblem.notVisible();
            } else if (body.sync() != null) {
                Access.sync(engine.definitions().applied(), body.sync(), request);
            }
        }
        return engine.deadLetters().select(body.ids(), body.run(), body.sync(), body.sync() == null ? null : tenant);
    }

    private static DeadLetterSummary summary(DeadLetter d) {
        return new DeadLetterSummary(d.id(), d.at(), d.runId(), d.sync(), d.tenant(), d.recordKey(), d.reason(), lower(d.kind()), lower(d.state()),
                d.resolvedRun(), d.resolvedAt(), d.errorClass() == null ? null : d.errorClass().category(),
                d.errorClass() == null ? null : d.errorClass().code());
    }

    private DeadLetterView view(DeadLetter d) {
        return new DeadLetterView(d.id(), d.at(), d.runId(), d.sync(), d.tenant(), d.recordKey(), d.reason(), lower(d.kind()), lower(d.state()),
                d.resolvedRun(), d.resolvedAt(), parse(d.payload()), parse(d.source()), d.errorClass() == null ? null : d.errorClass().category(),
                d.errorClass() == null ? null : d.errorClass().code());
    }

    /** Stored JSON as JSON; text that is not JSON as a string; none as null. */
    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
