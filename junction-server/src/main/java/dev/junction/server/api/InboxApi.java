package dev.junction.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.engine.Webhooks;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.InboxStats;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The inbox: events received through webhooks, each stored once per subscribing sync; listed, shown
 * with their payload, replayed when dead; and the inbox's depth and what each webhook endpoint
 * received. An event is its connection's tenant's; an operator connection's are operators' only.
 */
public final class InboxApi implements ApiModule {
    /** An event in a list: where it came from, for whom, and where it is in its life. */
    public record InboxEventSummary(long id, String source, String tenant, String eventId, String eventType, String recordKey, String subscriber,
            String status, int attempts, Instant receivedAt, Instant dueAt, String reason, Instant finishedAt) {}

    public record InboxPage(List<InboxEventSummary> items, String next) {}

    /** One event with its payload (JSON as received; null when it is not JSON). */
    public record InboxEventView(long id, String source, String tenant, String eventId, String eventType, String recordKey, String subscriber,
            String status, int attempts, Instant receivedAt, Instant dueAt, String reason, Instant finishedAt, JsonNode payload) {}

    /** Pending, claimed and dead events, the oldest pending one's age (seconds), and each webhook endpoint's counts since this process started. */
    public record InboxStatsView(long pending, Long oldestPendingSeconds, long claimed, long dead, List<Webhooks.Counts> endpoints) {}

    private static final int DEFAULT_LIMIT = 50;
    private final Engine engine;
    private final ObjectMapper json = new ObjectMapper();
    private final Access access;

    public InboxApi(Engine engine) {
        this.engine = engine;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/inbox", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("inbox.list", "inbox", "Lists inbox events, oldest first, in pages")
                .description("Filters combine. A tenant token sees its own tenant's only. Follow 'next' for the next page.")
                .param(Param.query("source", "Only events received through this connection", String.class))
                .param(Param.query("subscriber", "Only events for this subscriber, e.g. sync:crm-contacts-to-helpdesk", String.class))
                .param(Param.query("status", "Only events in this status: pending, claimed, done, ignored, dead", String.class))
                .param(Param.query("tenant", "Only events of this tenant's connections", String.class))
                .param(Param.query("cursor", "The 'next' of the previous page", String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "A page of events", InboxPage.class)
                .handle(this::list);
        routes.get("/api/v1/inbox/stats", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("inbox.stats", "inbox", "Shows the inbox's depth and what each webhook endpoint received")
                .description("Counts over every tenant: operators only. Endpoint counts (accepted, duplicates, handshakes, unrouted app-level deliveries, refused by status) are"
                        + " this process's since it started.")
                .response(200, "The inbox's numbers", InboxStatsView.class)
                .handle(this::stats);
        routes.get("/api/v1/inbox/{eventId}", Guard.token(Role.VIEWER, Scope.tenantOfObject(ctx -> ownerOf(ctx.pathParam("eventId")))))
                .operation("inbox.get", "inbox", "Shows one inbox event with its payload")
                .param(Param.path("eventId", "The inbox event's id (a number)"))
                .response(200, "The event", InboxEventView.class)
                .handle(ctx -> ctx.json(view(event(ctx.pathParam("eventId")))));
        routes.post("/api/v1/inbox/{eventId}/replay", Guard.token(Role.EDITOR, Scope.tenantOfObject(ctx -> ownerOf(ctx.pathParam("eventId")))))
                .operation("inbox.replay", "inbox", "Processes a dead event again")
                .description("The event becomes pending, due now, its attempts reset: it is processed with the subscriber's current definition."
                        + " 409 when it is not dead.")
                .param(Param.path("eventId", "The inbox event's id (a number)"))
                .response(200, "The event, pending again", InboxEventSummary.class)
                .response(409, "The event is not dead")
                .handle(this::replay);
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        InboxEvent.Status wanted = Access.inboxStatus(query.text("status"));
        long after = cursor(query.text("cursor"));
        int limit = query.limit(DEFAULT_LIMIT);
        InboxQuery q = new InboxQuery(query.text("source"), query.text("subscriber"), wanted, ApiRequest.of(ctx).tenant().orElse(null), after, limit);
        List<InboxEvent> events = engine.inbox().list(q);
        String next = events.size() == limit ? Long.toString(events.getLast().id()) : null;
        Pages.write(ctx, new InboxPage(events.stream().map(InboxApi::summary).toList(), next), next);
    }

    private void stats(Context ctx) {
        InboxStats stats = engine.inbox().stats();
        ctx.json(new InboxStatsView(stats.pending(), stats.oldestPendingAge() == null ? null : stats.oldestPendingAge().toSeconds(), stats.claimed(),
                stats.dead(), engine.webhooks().counts()));
    }

    private void replay(Context ctx) {
        ctx.json(summary(engine.inbox().replay(event(ctx.pathParam("eventId")).id())));
    }

    private Optional<String> ownerOf(String id) {
        return access.ownerOfInboxEvent(id);
    }

    private InboxEvent event(String id) {
        return access.inboxEvent(id);
    }

    private static long cursor(String text) {
        if (text == null) {
            return 0;
        }
        return Access.numericId(text).filter(id -> id >= 0).orElseThrow(() -> new ApiProblem.BadRequest("cursor: expected the 'next' of the previous page, not '"
                + text + "'."));
    }

    private static InboxEventSummary summary(InboxEvent e) {
        return new InboxEventSummary(e.id(), e.source(), e.tenant(), e.eventId(), e.eventType(), e.recordKey(), e.target(), e.status().label(),
                e.attempts(), e.receivedAt(), e.dueAt(), e.reason(), e.finishedAt());
    }

    private InboxEventView view(InboxEvent e) {
        JsonNode payload;
        try {
            payload = json.readTree(e.payload());
        } catch (IOException ex) {
            payload = null;
        }
        return new InboxEventView(e.id(), e.source(), e.tenant(), e.eventId(), e.eventType(), e.recordKey(), e.target(), e.status().label(),
                e.attempts(), e.receivedAt(), e.dueAt(), e.reason(), e.finishedAt(), payload);
    }
}
