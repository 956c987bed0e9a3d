package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.engine.Schedules;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.ScheduleTick;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * Schedules of syncs ({@code schedule:} in a sync): listed with their next fire times, paused and
 * resumed, and their fire history. A classic sync's schedule is operators' only; each tenant's
 * schedule of a per-tenant sync is that tenant's.
 */
public final class SchedulesApi implements ApiModule {
    /**
     * One schedule: {@code cron} in {@code zone}, or {@code every} (ISO 8601, PT15M); its policies; whether it
     * is paused; its next fire times; its last fire (null before the first).
     */
    public record ScheduleView(String sync, String tenant, String cron, String every, String zone, String overlap, String catchUp, boolean paused,
            List<Instant> nextFires, TickView last) {
        static ScheduleView of(Schedules.Entry e) {
            return new ScheduleView(e.sync(), e.tenant(), e.cron(), e.every() == null ? null : e.every().toString(), e.zone(), e.overlap(),
                    e.catchUp(), e.paused(), e.nextFires(), e.last() == null ? null : TickView.of(e.last()));
        }
    }

    /**
     * One fire: when it was due and when a scheduler got to it; {@code queued} (with its run),
     * {@code skipped} (a run of the sync was queued or running), {@code missed} (more than a period late,
     * {@code catchUp: none}) or {@code failed} (the run could not be queued), and why.
     */
    public record TickView(String tenant, Instant dueAt, Instant firedAt, String outcome, String runId, String reason) {
        static TickView of(ScheduleTick t) {
            return new TickView(t.tenant(), t.dueAt(), t.firedAt(), t.outcome(), t.runId(), t.reason());
        }
    }

    /** Which schedule of the sync: a tenant's (a tenant token: its own), or (operators, null) the sync as a whole. */
    public record ScheduleTarget(String tenant) {}

    private static final int DEFAULT_TICKS = 50;
    private final Engine engine;

    public SchedulesApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        Guard read = Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant"));
        Guard change = Guard.token(Role.EDITOR, Scope.tenantFromBody(ScheduleTarget.class, ScheduleTarget::tenant));
        routes.get("/api/v1/schedules", read)
                .operation("schedules.list", "schedules", "Lists the syncs' schedules with their next fire times")
                .description("One schedule per classic sync with a schedule, one per tenant of a per-tenant sync. A tenant token sees its own"
                        + " tenant's only; classic syncs' schedules are operators'.")
                .param(Param.query("sync", "Only this sync's schedules", String.class))
                .param(Param.query("tenant", "Only this tenant's schedules", String.class))
                .response(200, "The schedules, by sync then tenant", Schema.arrayOf(ScheduleView.class))
                .handle(this::list);
        routes.get("/api/v1/syncs/{name}/schedule", read)
                .operation("schedules.get", "schedules", "Shows a sync's schedule: timing, policies, paused or not, next fire times, last fire")
                .param(Param.path("name", "An applied sync with a schedule"))
                .param(Param.query("tenant", "Only this tenant's schedule of a per-tenant sync", String.class))
                .response(200, "The sync's schedule, or each tenant's", Schema.arrayOf(ScheduleView.class))
                .response(404, "No such sync, or it has no schedule")
                .handle(ctx -> ctx.json(views(engine.schedules().get(visibleSync(ctx), tenant(ctx)))));
        routes.post("/api/v1/syncs/{name}/schedule/pause", change)
                .operation("schedules.pause", "schedules", "Pauses a sync's schedule")
                .description("Its fires keep their times but queue no run until it is resumed; the pause is stored, so it holds across restarts"
                        + " and nodes. A per-tenant sync is paused for one tenant (the body's; a tenant token: its own), or (operators, {})"
                        + " as a whole, for every tenant. Runs already queued or running are not touched.")
                .param(Param.path("name", "An applied sync with a schedule"))
                .body(ScheduleTarget.class)
                .response(200, "The schedules as they are now", Schema.arrayOf(ScheduleView.class))
                .handle(ctx -> ctx.json(views(change(ctx, true))));
        routes.post("/api/v1/syncs/{name}/schedule/resume", change)
                .operation("schedules.resume", "schedules", "Resumes a sync's schedule; its next fire is the schedule's next from now")
                .description("Without a tenant (operators, {}), every tenant of a per-tenant sync is resumed. A tenant of a sync paused as a whole"
                        + " answers 409: resume the sync as a whole.")
                .param(Param.path("name", "An applied sync with a schedule"))
                .body(ScheduleTarget.class)
                .response(200, "The schedules as they are now", Schema.arrayOf(ScheduleView.class))
                .response(409, "The sync is paused as a whole")
                .handle(ctx -> ctx.json(views(change(ctx, false))));
        routes.get("/api/v1/syncs/{name}/schedule/ticks", read)
                .operation("schedules.ticks", "schedules", "Lists a sync's schedule's newest fires: queued, skipped, missed, failed, with why")
                .description("Newest first; the newest 100 fires of each schedule are kept.")
                .param(Param.path("name", "An applied sync with a schedule"))
                .param(Param.query("tenant", "Only this tenant's fires", String.class))
                .param(Param.query("limit", "At most this many fires, 1 to 100 (default 50)", Integer.class))
                .response(200, "The fires, newest first", Schema.arrayOf(TickView.class))
                .handle(this::ticks);
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        ApiRequest request = ApiRequest.of(ctx);
        String tenant = request.tenant().orElse(null);
        List<Schedules.Entry> entries = engine.schedules().list(query.text("sync"), tenant);
        if (Access.tenantToken(request)) {
            entries = entries.stream().filter(e -> e.tenant() != null).toList();
        }
        ctx.json(views(entries));
    }

    private List<Schedules.Entry> change(Context ctx, boolean pause) {
        ApiRequest request = ApiRequest.of(ctx);
        request.body(ScheduleTarget.class);
        String sync = visibleSync(ctx);
        String tenant = request.tenant().orElse(null);
        request.auditObject("Sync", sync);
        if (tenant != null) {
            request.auditDetail("tenant", tenant);
        }
        return pause ? engine.schedules().pause(sync, tenant) : engine.schedules().resume(sync, tenant);
    }

    private void ticks(Context ctx) {
        Integer limit = QueryParams.of(ctx).integer("limit", 1, 100);
        List<ScheduleTick> ticks = engine.schedules().ticks(visibleSync(ctx), tenant(ctx), limit == null ? DEFAULT_TICKS : limit);
        ctx.json(ticks.stream().map(TickView::of).toList());
    }

    /** The path's sync as the caller may see it: a tenant token does not see a classic sync. */
    private String visibleSync(Context ctx) {
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, ctx.pathParam("name"), ApiRequest.of(ctx));
        Access.noTenantForClassic(spec, ApiRequest.of(ctx).tenant().orElse(null));
        return spec.name();
    }

    private static String tenant(Context ctx) {
        return ApiRequest.of(ctx).tenant().orElse(null);
    }

    private static List<ScheduleView> views(List<Schedules.Entry> entries) {
        return entries.stream().map(ScheduleView::of).toList();
    }
}
