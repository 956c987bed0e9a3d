package dev.junction.server.api;

import dev.junction.engine.Backfills;
import dev.junction.engine.Durations;
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
import dev.junction.spec.SyncSpec;
import dev.junction.store.BackfillChunk;
import dev.junction.sync.BackfillRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Backfills: a sync's source read over a past range as bounded runs, one queued run per chunk,
 * without moving its live checkpoint. The runs are their tenant's, as any run.
 */
public final class BackfillsApi implements ApiModule {
    /**
     * A backfill to queue: {@code from} and {@code to} (a date such as 2026-01-01, midnight UTC, or an
     * ISO-8601 instant; {@code to} excluded), the tenant of a per-tenant sync (a tenant token's own by
     * default), and {@code chunk}, the length of each run's part of the range (such as 1d or 12h,
     * default 7d).
     */
    public record BackfillRequest(@com.fasterxml.jackson.annotation.JsonProperty(required = true) String from,
            @com.fasterxml.jackson.annotation.JsonProperty(required = true) String to, String tenant, String chunk) {}

    /** One chunk of a backfill: its range ({@code to} excluded), its place ({@code chunk} of {@code chunks}) and its queued run. */
    public record ChunkView(int chunk, int chunks, Instant from, Instant to, RunView run) {}

    /** A queued backfill: its id, the sync, the tenant, the whole range, the chunk length and each chunk's run, in order. */
    public record QueuedBackfill(String backfill, String sync, String tenant, Instant from, Instant to, String chunk, List<ChunkView> chunks) {}

    private final Engine engine;

    public BackfillsApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/api/v1/syncs/{name}/backfill", Guard.token(Role.EDITOR, Scope.tenantFromBody(BackfillRequest.class, BackfillRequest::tenant)))
                .operation("backfills.start", "runs", "Reads a past range of a sync's source as bounded runs")
                .description("Queues one run (trigger backfill) per chunk of [from, to) on the durable run queue, before the answer (202)."
                        + " Each reads the sync's incremental stream from the chunk's start, skipping (and counting as skipped) the records whose"
                        + " cursor lies outside it, or a sliced stream's slices within it; none reads or moves the sync's live checkpoint, and a"
                        + " chunk stopped midway resumes from its own progress. Runs of the sync never overlap: the chunks wait for each other and"
                        + " for live runs. A sync that reads in full a stream that is not sliced is refused (400). A per-tenant sync needs its"
                        + " tenant (a tenant token: its own).")
                .param(Param.path("name", "An applied sync"))
                .body(BackfillRequest.class)
                .response(202, "Queued", QueuedBackfill.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    BackfillRequest body = request.body(BackfillRequest.class);
                    String sync = ctx.pathParam("name");
                    request.auditObject("Sync", sync);
                    LoadResult definitions = engine.definitions().applied();
                    SyncSpec spec = Access.sync(definitions, sync, request);
                    String tenant = request.tenant().orElse(null);
                    Access.noTenantForClassic(spec, tenant);
                    if (tenant != null) {
                        Access.requireRunnable(definitions, spec, tenant, request);
                    }
                    Backfills.Queued queued = engine.backfills().submit(new Backfills.Request(sync, tenant, range(body), chunk(body.chunk())));
                    request.auditDetail("runs", queued.runs().stream().map(dev.junction.store.RunRecord::id).toList());
                    List<ChunkView> chunks = new ArrayList<>();
                    for (int i = 0; i < queued.chunks().size(); i++) {
                        BackfillChunk c = queued.chunks().get(i);
                        chunks.add(new ChunkView(c.chunk(), c.chunks(), c.from(), c.to(), RunView.of(queued.runs().get(i))));
                    }
                    BackfillChunk first = queued.chunks().getFirst();
                    ctx.status(202).json(new QueuedBackfill(queued.backfill(), sync, tenant, first.from(), queued.chunks().getLast().to(),
                            Durations.format(body.chunk() == null ? Backfills.DEFAULT_CHUNK : chunk(body.chunk())), chunks));
                });
    }

    private static BackfillRange range(BackfillRequest body) {
        try {
            return BackfillRange.parse(body.from(), body.to());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.BadRequest("'" + e.getMessage().replaceFirst(":", "':") + ".");
        }
    }

    private static Duration chunk(String text) {
        if (text == null) {
            return null;
        }
        Duration chunk = Durations.parse(text);
        if (chunk == null || chunk.isZero()) {
            throw new ApiProblem.BadRequest("'chunk': expected a positive duration such as 1d, 12h or 30m, found '" + text + "'.");
        }
        return chunk;
    }
}
