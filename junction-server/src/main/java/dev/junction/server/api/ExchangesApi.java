package dev.junction.server.api;

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
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ResultPage;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request log: every HTTP attempt of runs, dry runs and samples, searched by run, record key,
 * status, connection and time. Headers and bodies are shown as they were stored: secrets redacted
 * and bodies truncated when logged; nothing here adds to them. An exchange is its connection's
 * tenant's (a connection that names none is the tenant {@code default}'s). Pruning is for operators.
 */
public final class ExchangesApi implements ApiModule {
    /** One logged HTTP attempt. {@code status} is 0 when no response arrived ({@code error} says why). */
    public record ExchangeView(long id, Instant at, String run, String tenant, String connection, String method, String url, int status,
            long durationMillis, int attempt, Map<String, List<String>> requestHeaders, String requestBody,
            Map<String, List<String>> responseHeaders, String responseBody, String error, List<String> recordKeys) {
        static ExchangeView of(ExchangeRecord e) {
            return new ExchangeView(e.id(), e.at(), e.runId(), e.tenant(), e.connection(), e.method(), e.url(), e.status(), e.durationMillis(),
                    e.attempt(), e.requestHeaders(), e.requestBody(), e.responseHeaders(), e.responseBody(), e.error(), e.recordKeys());
        }
    }

    public record ExchangesPage(List<ExchangeView> items, String next) {}

    /** Delete exchanges logged longer ago than {@code olderThan}: a whole number and a unit, such as 12h or 30d. */
    public record PruneRequest(String olderThan) {}

    public record Pruned(long deleted, Instant before) {}

    private static final int DEFAULT_LIMIT = 50;
    private final Engine engine;

    public ExchangesApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/exchanges", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("exchanges.list", "exchanges", "Searches the request log, newest first, in pages")
                .description("Filters combine. Secrets were redacted and bodies truncated when each exchange was logged. A tenant token sees"
                        + " its own tenant's connections' exchanges only. Follow 'next' (or the Link header) for the next page.")
                .param(Param.query("run", "Only calls made by this run", String.class))
                .param(Param.query("key", "Only calls that carried this record key", String.class))
                .param(Param.query("status", "Only responses with this HTTP status (0: no response arrived)", Integer.class))
                .param(Param.query("connection", "Only calls of this connection", String.class))
                .param(Param.query("tenant", "Only calls of this tenant's connections", String.class))
                .param(Param.query("from", "Only calls made at or after this time (ISO 8601)", Instant.class))
                .param(Param.query("to", "Only calls made before this time (ISO 8601)", Instant.class))
                .param(Param.query("cursor", "The 'next' of the previous page", String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "A page of exchanges", ExchangesPage.class)
                .handle(this::list);
        routes.post("/api/v1/exchanges/prune", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("exchanges.prune", "exchanges", "Deletes exchanges older than a duration")
                .description("The request log's retention by hand; runs also prune after each run, keeping JUNCTION_EXCHANGE_RETENTION.")
                .body(PruneRequest.class)
                .response(200, "How many were deleted", Pruned.class)
                .handle(this::prune);
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        ExchangeQuery q = new ExchangeQuery(query.text("run"), query.integer("status", 0, 599), query.text("key"), query.text("connection"),
                ApiRequest.of(ctx).tenant().orElse(null), query.time("from"), query.time("to"), query.cursor(ExchangeQuery.CURSOR_KIND, true),
                query.limit(DEFAULT_LIMIT));
        ResultPage<ExchangeRecord> page = engine.exchanges().page(q);
        Pages.write(ctx, new ExchangesPage(page.items().stream().map(ExchangeView::of).toList(), page.nextCursor()), page.nextCursor());
    }

    private void prune(Context ctx) {
        String olderThan = ApiRequest.of(ctx).body(PruneRequest.class).olderThan();
        Duration keep = Durations.parse(olderThan);
        if (keep == null) {
            throw new ApiProblem.BadRequest("'olderThan' must be a whole number and a unit (ms, s, m, h or d), such as 12h or 30d; got "
                    + (olderThan == null ? "none" : "'" + (olderThan.length() > 40 ? olderThan.substring(0, 40) + "..." : olderThan) + "'") + ".");
        }
        Instant cutoff = engine.clock().instant().minus(keep);
        long deleted = engine.exchanges().deleteBefore(cutoff);
        ApiRequest.of(ctx).auditDetail("before", cutoff.toString());
        ApiRequest.of(ctx).auditDetail("deleted", deleted);
        ctx.json(new Pruned(deleted, cutoff));
    }
}
