package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.CreatedSubscription;
import dev.junction.engine.Events;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventSubscription;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/event-subscriptions}: subscribers of Junction's own events (run.succeeded,
 * run.failed, record.dead_lettered, schema.drifted, ...), signed per Standard Webhooks. A
 * subscription of a tenant gets only that tenant's events and is that tenant's: a tenant token sees
 * and manages its own tenant's only. Changes take an admin token; the signing secret is in the
 * answer that creates or rotates it and nowhere else.
 */
public final class EventSubscriptionsApi implements ApiModule {
    /** A subscription to create: where to post, which event types (or patterns such as run.*), optionally one tenant. */
    public record NewSubscription(@JsonProperty(required = true) String url, @JsonProperty(required = true) List<String> eventTypes, String tenant,
            String description) {
        public NewSubscription {
            if (tenant != null && (tenant.isBlank() || !tenant.equals(tenant.strip()) || tenant.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("tenant must be a tenant's name without surrounding spaces; leave it out for every tenant's events");
            }
        }
    }

    /** What to change; what is left out stays. An empty description removes it. */
    public record SubscriptionChange(String url, List<String> eventTypes, String description) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(String id, String url, List<String> eventTypes, String tenant, String description, String status,
            String disabledReason, int consecutiveFailures, Instant createdAt, Instant updatedAt) {}

    /** A subscription with its signing secret ({@code whsec_...}): shown this once. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionWithSecret(String id, String url, List<String> eventTypes, String tenant, String description, String status,
            Instant createdAt, String secret) {}

    /** One delivery of the log: its webhook-id, where it is, what its last attempt came to, and the body it carries. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(String id, String type, String status, int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
            Instant createdAt, Instant updatedAt, JsonNode payload) {}

    private static final int DEFAULT_LIMIT = 50;
    private final Events events;
    private final ObjectMapper json = new ObjectMapper();

    public EventSubscriptionsApi(Events events) {
        this.events = events;
    }

    @Override
    public void register(Routes routes) {
        Scope owner = Scope.tenantOfObject(ctx -> events.find(ctx.pathParam("subscriptionId")).map(EventSubscription::tenant));
        Guard admin = Guard.token(Role.ADMIN, owner);
        Guard viewer = Guard.token(Role.VIEWER, owner);
        Param id = Param.path("subscriptionId", "The subscription's id, like sub_3kq9z0d1mx7w");
        routes.post("/api/v1/event-subscriptions", Guard.token(Role.ADMIN, Scope.tenantFromBody(NewSubscription.class, NewSubscription::tenant)))
                .operation("eventSubscriptions.create", "events", "Subscribes a URL to Junction's events; the answer holds its signing secret, shown this once")
                .description("eventTypes lists event types or patterns (run.*, *). A tenant's subscription gets only that tenant's events; a tenant"
                        + " token creates its own tenant's. Deliveries are signed per Standard Webhooks with the secret (whsec_...).")
                .body(NewSubscription.class)
                .response(201, "The subscription and its secret (Cache-Control: no-store)", SubscriptionWithSecret.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    NewSubscription asked = request.body(NewSubscription.class);
                    CreatedSubscription created = events.create(asked.url(), asked.eventTypes(), request.tenant().orElse(null), asked.description());
                    EventSubscription s = created.subscription();
                    request.auditObject("event-subscription", s.id());
                    request.auditDetail("url", s.url());
                    request.auditDetail("tenant", s.tenant());
                    ctx.status(201).header("Cache-Control", "no-store")
                            .header("Location", request.location("/api/v1/event-subscriptions/" + s.id()).toString())
                            .json(withSecret(created));
                });
        routes.get("/api/v1/event-subscriptions", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("eventSubscriptions.list", "events", "Lists event subscriptions, oldest first; never a secret")
                .description("A tenant token sees its own tenant's only; an operator sees every one, or one tenant's with 'tenant'.")
                .param(Param.query("tenant", "Only this tenant's subscriptions", String.class))
                .response(200, "The subscriptions", Schema.arrayOf(SubscriptionView.class))
                .handle(ctx -> ctx.json(events.list(ApiRequest.of(ctx).tenant().orElse(null)).stream().map(EventSubscriptionsApi::view).toList()));
        routes.get("/api/v1/event-subscriptions/{subscriptionId}", viewer)
                .operation("eventSubscriptions.get", "events", "Shows one event subscription, with why it is disabled if it is; never its secret")
                .param(id)
                .response(200, "The subscription", SubscriptionView.class)
                .response(404, "No subscription has that id")
                .handle(ctx -> ctx.json(view(events.get(ctx.pathParam("subscriptionId")))));
        routes.patch("/api/v1/event-subscriptions/{subscriptionId}", admin)
                .operation("eventSubscriptions.update", "events", "Changes an event subscription's URL, event types or description")
                .param(id)
                .body(SubscriptionChange.class)
                .response(200, "The subscription as it is now", SubscriptionView.class)
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    ApiRequest request = audited(ctx);
                    SubscriptionChange change = request.body(SubscriptionChange.class);
                    ctx.json(view(events.update(ctx.pathParam("subscriptionId"), change.url(), change.eventTypes(), change.description())));
                });
        routes.delete("/api/v1/event-subscriptions/{subscriptionId}", admin)
                .operation("eventSubscriptions.delete", "events", "Deletes an event subscription and its delivery log")
                .param(id)
                .response(204, "Deleted")
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    audited(ctx);
                    events.delete(ctx.pathParam("subscriptionId"));
                    ctx.status(204);
                });
        routes.post("/api/v1/event-subscriptions/{subscriptionId}/rotate-secret", admin)
                .operation("eventSubscriptions.rotateSecret", "events", "Gives an event subscription a new signing secret, shown this once")
                .description("For 24 hours deliveries carry a second signature made with the secret before, so receivers can switch over.")
                .param(id)
                .response(200, "The subscription and its new secret (Cache-Control: no-store)", SubscriptionWithSecret.class)
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    audited(ctx);
                    ctx.header("Cache-Control", "no-store").json(withSecret(events.rotateSecret(ctx.pathParam("subscriptionId"))));
                });
        routes.post("/api/v1/event-subscriptions/{subscriptionId}/enable", admin)
                .operation("eventSubscriptions.enable", "events", "Enables an event subscription again; what is still due is delivered")
                .param(id)
                .response(200, "The subscription, active", SubscriptionView.class)
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    audited(ctx);
                    ctx.json(view(events.enable(ctx.pathParam("subscriptionId"))));
                });
        routes.post("/api/v1/event-subscriptions/{subscriptionId}/disable", admin)
                .operation("eventSubscriptions.disable", "events", "Disables an event subscription: no event is stored or delivered for it until it is enabled")
                .param(id)
                .response(200, "The subscription, disabled", SubscriptionView.class)
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    ApiRequest request = audited(ctx);
                    String by = request.principal().map(Principal::id).orElse("someone");
                    ctx.json(view(events.disable(ctx.pathParam("subscriptionId"), "disabled on request by " + by)));
                });
        routes.get("/api/v1/event-subscriptions/{subscriptionId}/deliveries", viewer)
                .operation("eventSubscriptions.deliveries", "events", "Lists an event subscription's deliveries, newest first: its delivery log")
                .param(id)
                .param(Param.query("status", "Only deliveries in this status: " + QueryParams.names(EventDelivery.Status.class), String.class))
                .param(Param.query("limit", "At most this many, 1 to 1000 (default 50)", Integer.class))
                .response(200, "The deliveries", Schema.arrayOf(DeliveryView.class))
                .response(404, "No subscription has that id")
                .handle(ctx -> {
                    QueryParams query = QueryParams.of(ctx);
                    List<EventDelivery> log = events.deliveries(ctx.pathParam("subscriptionId"), query.choice("status", EventDelivery.Status.class),
                            query.limit(DEFAULT_LIMIT));
                    ctx.json(log.stream().map(this::view).toList());
                });
        routes.post("/api/v1/event-subscriptions/{subscriptionId}/test", admin)
                .operation("eventSubscriptions.test", "events", "Sends a ping event to this subscription now and answers with the attempt")
                .description("The ping is one delivery like any other: signed, in the delivery log, and retried later when this attempt fails."
                        + " 409 when the subscription is disabled.")
                .param(id)
                .response(200, "The ping's delivery as its attempt left it", DeliveryView.class)
                .response(404, "No subscription has that id")
                .response(409, "The subscription is disabled")
                .handle(ctx -> {
                    audited(ctx);
                    ctx.json(view(events.test(ctx.pathParam("subscriptionId"))));
                });
    }

    private static ApiRequest audited(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        request.auditObject("event-subscription", ctx.pathParam("subscriptionId"));
        return request;
    }

    static SubscriptionView view(EventSubscription s) {
        return new SubscriptionView(s.id(), s.url(), s.eventTypes(), s.tenant(), s.description(), lower(s.status()), s.disabledReason(),
                s.consecutiveFailures(), s.createdAt(), s.updatedAt());
    }

    private static SubscriptionWithSecret withSecret(CreatedSubscription created) {
        EventSubscription s = created.subscription();
        return new SubscriptionWithSecret(s.id(), s.url(), s.eventTypes(), s.tenant(), s.description(), lower(s.status()), s.createdAt(), created.secret());
    }

    private DeliveryView view(EventDelivery d) {
        JsonNode payload;
        try {
            payload = json.readTree(d.payload());
        } catch (IOException e) {
            payload = json.getNodeFactory().textNode(d.payload());
        }
        return new DeliveryView(d.id(), d.type(), lower(d.status()), d.attempts(), d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(),
                d.updatedAt(), payload);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
