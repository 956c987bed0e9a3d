package dev.junction.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.http.internal.Redactor;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The console's inbox: the events received through webhooks (oldest first, in pages, filtered by
 * status; a tenant token sees its own tenant's), one event with its payload (secret-looking values
 * redacted, capped), and Replay for a dead one (editor+), as {@code GET /api/v1/inbox},
 * {@code /api/v1/inbox/{eventId}} and {@code POST /api/v1/inbox/{eventId}/replay} do.
 */
public record InboxPages(Engine engine, ConsolePages pages) implements ApiModule {
    static final int PAGE = 50;
    /** The payload shown at most, in characters. */
    static final int PAYLOAD_CHARS = 64 * 1024;
    /** The statuses the list filters by. */
    public static final List<String> STATUSES = List.of("pending", "claimed", "done", "ignored", "dead");

    /** The list: a page of events, the status filtered by (null: any) and the link to the next page (null: none). */
    public record InboxList(List<InboxEvent> events, String status, String next) {}

    /** One event, its payload as shown, and whether the Replay form is offered. */
    public record EventPage(InboxEvent event, String payload, boolean replayable) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void register(Routes routes) {
        Access access = new Access(engine);
        Scope eventOwner = Scope.tenantOfObject(ctx -> access.ownerOfInboxEvent(ctx.pathParam("eventId")));
        Param eventId = Param.path("eventId", "The inbox event's id (a number)");
        routes.get("/console/inbox", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("console.inbox", "console", "Inbox events, oldest first, with status, source, received time and attempts")
                .param(Param.query("status", "Only events in this status: " + String.join(", ", STATUSES), String.class))
                .param(Param.query("after", "The next page: events after this id (the page's link)", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> pages.page(ctx, "inbox.jte", "Inbox", "inbox", Map.of("page", list(ctx))));
        routes.get("/console/inbox/{eventId}", Guard.token(Role.VIEWER, eventOwner))
                .operation("console.inboxEvent", "console", "One inbox event with its payload (redacted) and, for a dead one, Replay")
                .param(eventId)
                .response(200, "An HTML page")
                .handle(ctx -> {
                    InboxEvent event = access.inboxEvent(ctx.pathParam("eventId"));
                    boolean replayable = event.status() == InboxEvent.Status.DEAD && RunPages.canEdit(ctx);
                    pages.page(ctx, "inbox-event.jte", "Inbox event " + event.id(), "inbox", Map.of("page", new EventPage(event, payload(event), replayable)));
                });
        routes.post("/console/inbox/{eventId}/replay", Guard.token(Role.EDITOR, eventOwner))
                .operation("console.replayInboxEvent", "console", "Processes a dead event again and shows it again")
                .description("As POST /api/v1/inbox/{eventId}/replay: pending again, due now, attempts reset. 409 when it is not dead.")
                .param(eventId)
                .response(303, "Back to the event's page")
                .handle(ctx -> {
                    InboxEvent event = access.inboxEvent(ctx.pathParam("eventId"));
                    ApiRequest.of(ctx).auditObject("inbox", Long.toString(event.id()));
                    engine.inbox().replay(event.id());
                    ConsoleHeaders.apply(ctx, false);
                    ctx.status(303).header("Location", Links.inboxEvent(event.id())).result("");
                });
    }

    private InboxList list(Context ctx) {
        String status = text(ctx.queryParam("status"));
        InboxEvent.Status wanted = Access.inboxStatus(status);
        String afterText = text(ctx.queryParam("after"));
        long after = afterText == null ? 0 : Access.numericId(afterText).filter(id -> id >= 0)
                .orElseThrow(() -> new ApiProblem.BadRequest("Query parameter 'after' takes an event id (the page's 'Next' link); leave it out for the first page."));
        List<InboxEvent> events = engine.inbox().list(new InboxQuery(null, null, wanted, ConsolePages.tenant(ctx), after, PAGE));
        String next = events.size() < PAGE ? null
                : "/console/inbox?" + (wanted == null ? "" : "status=" + wanted.label() + "&") + "after=" + events.getLast().id();
        return new InboxList(events, wanted == null ? null : wanted.label(), next);
    }

    /** The payload as text: pretty JSON when it is JSON, secret-looking values redacted, capped at {@value #PAYLOAD_CHARS} characters. */
    private static String payload(InboxEvent event) {
        if (event.payload() == null) {
            return null;
        }
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(event.payload()));
        } catch (IOException e) {
            text = new String(event.payload(), StandardCharsets.UTF_8);
        }
        String shown = Redactor.secretsByName(text);
        return shown.length() > PAYLOAD_CHARS ? shown.substring(0, PAYLOAD_CHARS) + "\n… (" + shown.length() + " characters, the rest not shown)" : shown;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
