package dev.junction.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sandbox.WebhookAttempt;
import dev.junction.sandbox.WebhookKnobs;
import dev.junction.sandbox.WebhookSubscription;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CRM's webhook routes: the subscription API ({@code /v1/webhooks/subscriptions}, bearer token, like the rest of
 * the API) and the control routes ({@code /_admin/webhooks/knobs}, {@code /_admin/webhooks/ledger}).
 */
final class WebhookRoutes {

    /** Writes a JSON answer. */
    @FunctionalInterface
    interface Responder {
        void respond(Context ctx, int status, Object body);
    }

    static final String SUBSCRIPTIONS = "/v1/webhooks/subscriptions";
    private static final Set<String> SUBSCRIPTION_FIELDS = Set.of("url", "secret", "events");
    private static final Set<String> KNOB_FIELDS = Set.of("duplicateRate", "reorderRate", "delayMs", "jitterMs",
            "maxAttempts", "retryBackoffMs", "concurrency", "seed");
    private static final int MAX_PAGE = 100_000;

    private final WebhookDispatcher webhooks;
    private final Json json;
    private final Responder responder;

    WebhookRoutes(WebhookDispatcher webhooks, Json json, Responder responder) {
        this.webhooks = webhooks;
        this.json = json;
        this.responder = responder;
    }

    void register(RoutesConfig routes) {
        routes.post(SUBSCRIPTIONS, this::create);
        routes.get(SUBSCRIPTIONS, ctx -> responder.respond(ctx, 200, Json.obj("results",
                webhooks.subscriptions().stream().map(WebhookRoutes::render).toList())));
        routes.get(SUBSCRIPTIONS + "/{id}", ctx -> responder.respond(ctx, 200,
                render(webhooks.subscription(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx)))));
        routes.delete(SUBSCRIPTIONS + "/{id}", ctx -> {
            if (!webhooks.unsubscribe(ctx.pathParam("id"))) {
                throw notFound(ctx);
            }
            ctx.status(204);
        });
        routes.get(AbstractService.ADMIN_PREFIX + "/webhooks/knobs",
                ctx -> responder.respond(ctx, 200, render(webhooks.knobs())));
        routes.post(AbstractService.ADMIN_PREFIX + "/webhooks/knobs", ctx -> {
            WebhookKnobs knobs = parseKnobs(ctx.body());
            webhooks.setKnobs(knobs);
            responder.respond(ctx, 200, render(knobs));
        });
        routes.get(AbstractService.ADMIN_PREFIX + "/webhooks/ledger", this::ledger);
        routes.delete(AbstractService.ADMIN_PREFIX + "/webhooks/ledger", ctx -> {
            webhooks.clearLedger();
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        JsonNode body = json.parse(ctx.body());
        if (!body.isObject()) {
            throw invalid("invalid_subscription", "body must be a JSON object with url, and optionally secret and events");
        }
        requireKnown(body, SUBSCRIPTION_FIELDS, "invalid_subscription");
        String url = text(body, "url");
        String secret = text(body, "secret");
        if (url == null) {
            throw invalid("invalid_subscription", "url is required: the absolute http(s) URL to post events to");
        }
        List<String> events = new ArrayList<>();
        JsonNode list = body.get("events");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw invalid("invalid_subscription", "events must be an array of strings such as [\"contact.*\"]");
            }
            list.forEach(e -> {
                if (!e.isTextual()) {
                    throw invalid("invalid_subscription", "events must be an array of strings such as [\"contact.*\"]");
                }
                events.add(e.asText());
            });
        }
        WebhookSubscription created;
        try {
            created = webhooks.subscribe(new URI(url), secret, events);
        } catch (URISyntaxException e) {
            throw invalid("invalid_subscription", "url must be an absolute http or https URL, got " + url);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_subscription", e.getMessage());
        }
        // the secret is shown once, in this answer, as providers do
        Map<String, Object> answer = render(created);
        answer.put("secret", created.secret());
        ctx.header("Location", SUBSCRIPTIONS + "/" + created.id());
        responder.respond(ctx, 201, answer);
    }

    private void ledger(Context ctx) {
        int offset = intParam(ctx, "offset", 0);
        int limit = Math.min(intParam(ctx, "limit", MAX_PAGE), MAX_PAGE);
        List<Map<String, Object>> attempts = webhooks.attempts(offset, limit).stream()
                .map(WebhookRoutes::render).toList();
        responder.respond(ctx, 200, Json.obj(
                "size", webhooks.attemptCount(),
                "eventsPublished", webhooks.eventsPublished(),
                "pendingDeliveries", webhooks.pendingDeliveries(),
                "acknowledgedEventIds", webhooks.acknowledgedEventIds(),
                "failedEventIds", webhooks.failedEventIds(),
                "offset", offset,
                "attempts", attempts));
    }

    static Map<String, Object> render(WebhookSubscription s) {
        return Json.obj("id", s.id(), "url", s.url().toString(), "events", s.events(),
                "createdAt", s.createdAt().toString());
    }

    static Map<String, Object> render(WebhookKnobs k) {
        return Json.obj("duplicateRate", k.duplicateRate(), "reorderRate", k.reorderRate(),
                "delayMs", k.delay().toMillis(), "jitterMs", k.jitter().toMillis(), "maxAttempts", k.maxAttempts(),
                "retryBackoffMs", k.retryBackoff().toMillis(), "concurrency", k.concurrency(), "seed", k.seed());
    }

    private static Map<String, Object> render(WebhookAttempt a) {
        return Json.obj("at", a.at().toString(), "eventId", a.eventId(), "eventType", a.eventType(),
                "subscriptionId", a.subscriptionId(), "delivery", a.delivery(), "attempt", a.attempt(),
                "status", a.status(), "acknowledged", a.acknowledged(), "error", a.error());
    }

    /** Missing fields take their {@link WebhookKnobs#DEFAULTS} value. */
    WebhookKnobs parseKnobs(String body) {
        JsonNode node = json.parse(body);
        if (!node.isObject()) {
            throw invalid("invalid_knobs", "knobs must be a JSON object");
        }
        requireKnown(node, KNOB_FIELDS, "invalid_knobs");
        WebhookKnobs d = WebhookKnobs.DEFAULTS;
        try {
            return new WebhookKnobs(number(node, "duplicateRate", d.duplicateRate()),
                    number(node, "reorderRate", d.reorderRate()),
                    Duration.ofMillis(integer(node, "delayMs", d.delay().toMillis())),
                    Duration.ofMillis(integer(node, "jitterMs", d.jitter().toMillis())),
                    Math.toIntExact(integer(node, "maxAttempts", d.maxAttempts())),
                    Duration.ofMillis(integer(node, "retryBackoffMs", d.retryBackoff().toMillis())),
                    Math.toIntExact(integer(node, "concurrency", d.concurrency())),
                    integer(node, "seed", d.seed()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid("invalid_knobs", e.getMessage());
        }
    }

    private static double number(JsonNode node, String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw invalid("invalid_knobs", field + " must be a number between 0 and 1");
        }
        return value.asDouble();
    }

    private static long integer(JsonNode node, String field, long fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("invalid_knobs", field + " must be an integer");
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("invalid_subscription", field + " must be a string");
        }
        return value.asText();
    }

    private static void requireKnown(JsonNode node, Set<String> fields, String error) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                throw invalid(error, "unknown field '" + field + "', expected one of " + new TreeSet<>(fields));
            }
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid("invalid_" + name, name + " must be a non-negative integer, got '" + raw + "'");
        }
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.of(404, "not_found", "no webhook subscription " + ctx.pathParam("id"));
    }

    private static ApiException invalid(String error, String message) {
        return ApiException.badRequest(error, message);
    }
}
