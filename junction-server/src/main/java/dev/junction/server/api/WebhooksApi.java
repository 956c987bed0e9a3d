package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.Webhooks;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.WebhookVerifier;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhook ingress: {@code POST /hooks/{connection}} (and {@code GET}, for providers whose
 * verification challenge is a GET), the per-tenant form {@code POST /hooks/{tenant}/{connector}}
 * for a product whose customers each connect their own account, and an app's endpoint
 * {@code POST /hooks/app/{connector}} (and {@code GET}) for a provider that sends every customer's
 * events to one URL, routed by the engine to each tenant's connection. The guard is the
 * connection's connector's {@code webhooks:} verification, over the raw bytes, before anything
 * parses them ({@link #verifier()}); an authentic event is stored in the inbox, durably, before the 200.
 */
public final class WebhooksApi implements ApiModule {
    /**
     * What the sender is told of an accepted delivery: that it is stored, and whether it was stored
     * before (a redelivery). For a delivery of several events (the connector's {@code webhooks.events}),
     * {@code events} has one receipt per event, {@code eventId} is null and {@code duplicate} says
     * whether every one was stored before.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Receipt(String eventId, boolean duplicate, List<Receipt> events) {
        public Receipt(String eventId, boolean duplicate) {
            this(eventId, duplicate, null);
        }
    }

    private static final String CHECKED = WebhooksApi.class.getName() + ".checked";
    /** Set on a HEAD of a webhook endpoint that exists: the provider checks the URL before it creates the webhook (Trello). */
    private static final String PROBED = WebhooksApi.class.getName() + ".probed";
    private static final String SCHEME = "declared by the connection's connector (webhooks.verify)";
    private final Engine engine;
    private final java.net.URI publicBaseUrl;

    public WebhooksApi(Engine engine) {
        this(engine, null);
    }

    /**
     * @param publicBaseUrl the server's configured public address: the URL a provider signs (HubSpot,
     *     Twilio, Square) is this followed by the request's path and query; null: as the client
     *     reached the server ({@code X-Forwarded-Proto/-Host} from trusted proxies)
     */
    public WebhooksApi(Engine engine, java.net.URI publicBaseUrl) {
        this.engine = engine;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public void register(Routes routes) {
        String description = "The body is checked, byte for byte, against the connection's connector's webhooks: verification (HMAC,"
                + " Standard Webhooks, Stripe, GitHub, Slack, HubSpot, Twilio, SendGrid, Shopify, Zoom, Mailgun, Zendesk, Amazon SNS, a public key, a shared secret or basic auth; the current or the previous secret; the"
                + " timestamp within the tolerance) before anything reads it, then stored in the inbox for each sync that subscribes to it"
                + " (on: { webhook: ... }) before the answer. 200 when stored (the answer to a delivery of several events, webhooks.events,"
                + " lists each in events; also for a redelivery of an event still in the inbox:"
                + " duplicate true); the answer to a verification handshake as the connector says; 401 or 400 with the reason when refused"
                + " (nothing is stored; refusals are counted); 413 over the connector's maxBodySize; 503 with Retry-After when the inbox"
                + " cannot take events now, or Amazon SNS's signing certificate could not be fetched; 502 when an Amazon SNS subscription"
                + " could not be confirmed.";
        routes.post("/hooks/{connection}", Guard.webhookSignature(SCHEME))
                .operation("webhooks.receive", "webhooks", "Receives a webhook delivery for a connection")
                .description(description)
                .param(Param.path("connection", "The connection the provider's webhook is set up for"))
                .response(200, "Stored (or a handshake answered)", Receipt.class)
                .response(503, "The inbox takes no events now: send again after Retry-After")
                .handle(this::receive);
        routes.get("/hooks/{connection}", Guard.webhookSignature(SCHEME))
                .operation("webhooks.handshake", "webhooks", "Answers a provider's verification challenge sent as a GET")
                .description("Only a handshake the connector declares (such as a query parameter to echo) is answered; anything else is refused.")
                .param(Param.path("connection", "The connection the provider's webhook is set up for"))
                .response(200, "The handshake's answer")
                .handle(this::receive);
        // before /hooks/{tenant}/{connector}: the router takes the first route that matches (a tenant named 'app' uses /hooks/{connection})
        String app = " Verified with the connector's one connection without a tenant (the operator's, holding the app's secret; 404 when it"
                + " has none, 409 when several), then routed by the connector's webhooks.tenant value to the tenant connection whose"
                + " config field webhooks.routeTo has it, and stored for that connection's subscribers, in its tenant's runs; without a"
                + " routing value, for the operator connection's subscribers. A routing value no one connection has is stored once as"
                + " ignored with the reason (visible in the inbox, counted as unrouted) and still answered 200.";
        routes.post("/hooks/app/{connector}", Guard.webhookSignature(SCHEME))
                .operation("webhooks.receiveForApp", "webhooks", "Receives an app-level webhook delivery, for every customer of the app")
                .description(description + app)
                .param(Param.path("connector", "The connector whose app sends the deliveries"))
                .response(200, "Stored (or a handshake answered)", Receipt.class)
                .response(503, "The inbox takes no events now: send again after Retry-After")
                .handle(this::receive);
        routes.get("/hooks/app/{connector}", Guard.webhookSignature(SCHEME))
                .operation("webhooks.handshakeForApp", "webhooks", "Answers an app's verification challenge sent as a GET")
                .description("Only a handshake the connector declares (such as a query parameter to echo) is answered, verified with the"
                        + " connector's connection without a tenant; anything else is refused.")
                .param(Param.path("connector", "The connector whose app sends the deliveries"))
                .response(200, "The handshake's answer")
                .handle(this::receive);
        routes.post("/hooks/{tenant}/{connector}", Guard.webhookSignature(SCHEME))
                .operation("webhooks.receiveForTenant", "webhooks", "Receives a webhook delivery for a tenant's connection of a connector")
                .description(description + " The connection is the tenant's one connection of the connector (409 when it has several:"
                        + " use /hooks/{connection}).")
                .param(Param.path("tenant", "The tenant whose connection the delivery is for"))
                .param(Param.path("connector", "The connector of that connection"))
                .response(200, "Stored (or a handshake answered)", Receipt.class)
                .response(503, "The inbox takes no events now: send again after Retry-After")
                .handle(this::receive);
    }

    /** The guard of these routes: verifies a delivery over its raw bytes and keeps what was decided for the handler. */
    public WebhookVerifier verifier() {
        return (ctx, guard) -> {
            Map<String, String> params = ctx.pathParamMap();
            boolean app = params.containsKey("connector") && !params.containsKey("tenant");
            String connection = app ? engine.webhooks().appConnection(params.get("connector"))
                    : params.containsKey("connector") ? engine.webhooks().tenantConnection(params.get("tenant"), params.get("connector"))
                    : params.get("connection");
            long max = engine.webhooks().maxBodySize(connection); // 404 when no such connection takes webhooks
            if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
                // a provider checking the URL before it creates the webhook (Trello's HEAD): nothing to verify, nothing stored
                ctx.attribute(PROBED, Boolean.TRUE);
                return;
            }
            WebhookDelivery delivery = new WebhookDelivery(ctx.method().name(), calledUrl(ctx), headers(ctx), query(ctx), body(ctx, max),
                    engine.clock().instant());
            Webhooks.Checked checked = app ? engine.webhooks().checkApp(params.get("connector"), delivery) : engine.webhooks().check(connection, delivery);
            if (checked.result() instanceof WebhookResult.Rejected rejected) {
                throw refusal(rejected);
            }
            ctx.attribute(CHECKED, checked);
        };
    }

    private void receive(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(PROBED))) {
            ctx.status(200);
            return;
        }
        Webhooks.Checked checked = ctx.attribute(CHECKED);
        if (checked == null) {
            throw new IllegalStateException("a webhook route ran without its verification");
        }
        switch (checked.result()) {
            case WebhookResult.Handshake handshake -> {
                handshake.headers().forEach(ctx::header);
                ctx.status(handshake.status()).contentType(handshake.contentType()).result(handshake.body());
            }
            case WebhookResult.Accepted accepted -> {
                Webhooks.Received received = store(ctx, checked).getFirst();
                ctx.status(200).json(new Receipt(received.eventId(), received.duplicate()));
            }
            case WebhookResult.Events events -> {
                List<Receipt> each = store(ctx, checked).stream().map(r -> new Receipt(r.eventId(), r.duplicate())).toList();
                ctx.status(200).json(new Receipt(null, !each.isEmpty() && each.stream().allMatch(Receipt::duplicate), each));
            }
            case WebhookResult.Rejected rejected -> throw refusal(rejected);
        }
    }

    private List<Webhooks.Received> store(Context ctx, Webhooks.Checked checked) {
        if (!"POST".equals(ctx.method().name())) {
            throw new ApiProblem.BadRequest("Events are delivered with POST; a GET is answered only as a verification handshake.");
        }
        return engine.webhooks().receive(checked);
    }

    private static ApiProblem refusal(WebhookResult.Rejected rejected) {
        String reason = rejected.reason().endsWith(".") ? rejected.reason() : rejected.reason() + ".";
        return switch (rejected.status()) {
            case 401 -> new ApiProblem(401, "webhook-unauthorized", "Webhook not authentic", reason);
            case 413 -> new ApiProblem.PayloadTooLarge(reason);
            // the provider could not be reached to check or confirm it (Amazon SNS's certificate, its subscription): not the sender's fault
            case 503 -> new ApiProblem.ServiceUnavailable(reason, java.time.Duration.ofSeconds(60));
            case 502 -> new ApiProblem(502, "webhook-unconfirmed", "Webhook subscription not confirmed", reason);
            default -> new ApiProblem(rejected.status(), "webhook-malformed", "Webhook malformed", reason);
        };
    }

    /** The URL the provider called: the public address, then the path and the query string as sent (not decoded). */
    private String calledUrl(Context ctx) {
        String base = (publicBaseUrl != null ? publicBaseUrl : ApiRequest.of(ctx).baseUrl()).toString();
        String query = ctx.req().getQueryString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** At most {@code max + 1} bytes of the raw body: enough for the verifier to tell an oversize delivery. */
    private static byte[] body(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            return new byte[(int) Math.min(Integer.MAX_VALUE - 8, max + 1)];
        }
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw new ApiProblem.BadRequest("The webhook's body could not be read: the connection was cut or the body was malformed.");
        }
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, Collections.list(ctx.req().getHeaders(name)));
        }
        return headers;
    }

    private static Map<String, List<String>> query(Context ctx) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> query.put(name, new ArrayList<>(values)));
        return query;
    }
}
