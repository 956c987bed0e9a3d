package dev.junction.spec;

import java.util.List;
import java.util.Locale;

/**
 * Each provider, with what its deliveries carry: the header of its event id (null when the
 * id is in the payload, {@link #eventId()}), the payload path of its event id and type (a
 * {@code "header:"} prefix for a header), and the path of its list of events when one
 * delivery carries several.
 */
public enum WebhookVendor {
    /** {@code Stripe-Signature: t=TIMESTAMP,v1=HEX[,v1=HEX...]}, HMAC-SHA256 of {@code TIMESTAMP.body}. */
    STRIPE(true, null, "$.id", "$.type", null),
    /** {@code X-Hub-Signature-256: sha256=HEX}, HMAC-SHA256 of the body; the event id in {@code X-GitHub-Delivery}. */
    GITHUB(false, "X-GitHub-Delivery", null, "header:X-GitHub-Event", null),
    /** {@code X-Slack-Signature: v0=HEX}, HMAC-SHA256 of {@code v0:TIMESTAMP:body}, the timestamp in {@code X-Slack-Request-Timestamp}. */
    SLACK(true, null, "$.event_id", "$.event.type", null),
    /**
     * HubSpot (signature v3): {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256, keyed with
     * the app's client secret, of {@code METHOD + URI + BODY + TIMESTAMP}, the URI as the provider
     * called it (a few escapes decoded), the timestamp in {@code X-HubSpot-Request-Timestamp} in
     * milliseconds. One delivery carries a list of events. With {@code version: v1}
     * {@code X-HubSpot-Signature} is the hex SHA-256 (not an HMAC) of the secret followed by the
     * body; with {@code v2}, of the secret, the method, the URL and the body; neither signs a time.
     */
    HUBSPOT(true, null, "$.subscriptionId $.eventId $.occurredAt", "$.subscriptionType", "$"),
    /**
     * Twilio: {@code X-Twilio-Signature} is the base64 HMAC-SHA1, keyed with the account's auth
     * token, of the URL the provider called followed by the form fields sorted by name (each name,
     * then its value); a JSON body is signed through the {@code bodySHA256} query parameter (the
     * body's SHA-256 in hex), which must match. Signs no timestamp.
     */
    TWILIO(false, "I-Twilio-Idempotency-Token", null, null, null),
    /**
     * SendGrid's signed event webhook: {@code X-Twilio-Email-Event-Webhook-Signature} is the base64
     * ECDSA (P-256, SHA-256) signature of {@code TIMESTAMP + BODY}, the timestamp in
     * {@code X-Twilio-Email-Event-Webhook-Timestamp}; the secret is the verification key SendGrid
     * shows. One delivery is a list of events.
     */
    SENDGRID(true, null, "$.sg_event_id", "$.event", "$"),
    /**
     * Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the body, keyed with the
     * app's client secret; the event id in {@code X-Shopify-Event-Id}, the topic in
     * {@code X-Shopify-Topic}. Signs no timestamp.
     */
    SHOPIFY(false, "X-Shopify-Event-Id", null, "header:X-Shopify-Topic", null),
    /**
     * Zoom: {@code x-zm-signature: v0=HEX}, HMAC-SHA256 of {@code v0:TIMESTAMP:BODY} keyed with the
     * app's secret token, the timestamp in {@code x-zm-request-timestamp}. Zoom sends no event id
     * (the id is the event's digest) and checks the endpoint with an
     * {@code endpoint.url_validation} event, answered with the token and its HMAC.
     */
    ZOOM(true, null, null, "$.event", null),
    /**
     * Mailgun: the signature is in the body ({@code signature.timestamp}, {@code .token},
     * {@code .signature}): the hex HMAC-SHA256, keyed with the webhook signing key, of the
     * timestamp followed by the token. Only those are signed, not the rest of the body.
     */
    MAILGUN(true, null, "$['event-data'].id", "$['event-data'].event", null),
    /**
     * Zendesk: {@code X-Zendesk-Webhook-Signature} is the base64 HMAC-SHA256, keyed with the
     * webhook's signing secret, of {@code TIMESTAMP + BODY}, the timestamp an ISO 8601 time in
     * {@code X-Zendesk-Webhook-Signature-Timestamp}; the invocation id in
     * {@code X-Zendesk-Webhook-Invocation-Id}, the account in {@code X-Zendesk-Account-Id}.
     */
    ZENDESK(true, "X-Zendesk-Webhook-Invocation-Id", null, "$.type", null),
    /**
     * Amazon SNS (HTTP/HTTPS subscriptions): the body is a JSON message whose {@code Signature} is
     * the base64 RSA signature (SHA1withRSA for {@code SignatureVersion} 1, SHA256withRSA for 2) of
     * its fields as {@code Name\nvalue\n} in a fixed order, checked with the X.509 certificate at
     * its {@code SigningCertURL} (https, on {@code sns.REGION.amazonaws.com} only), the time in
     * {@code Timestamp}. No secret: the connection names the topics it takes ({@code topics}), the
     * {@link WebhookScheme.Vendor#secrets()} of this kind. A {@code SubscriptionConfirmation} is confirmed by a
     * GET of its {@code SubscribeURL}.
     */
    SNS(true, null, "$.MessageId", "$.Type", null),
    /**
     * PayPal (REST webhooks), checked locally as PayPal's SDKs do: {@code PAYPAL-TRANSMISSION-SIG}
     * is the base64 RSA signature ({@code PAYPAL-AUTH-ALGO}: SHA256withRSA) of
     * {@code TRANSMISSION-ID|TRANSMISSION-TIME|WEBHOOK-ID|CRC32}, the CRC32 of the raw body as an
     * unsigned decimal, checked with the X.509 certificate at {@code PAYPAL-CERT-URL} (https, on
     * PayPal's API hosts only), the time in {@code PAYPAL-TRANSMISSION-TIME}. No secret: the
     * connection names the id PayPal gave its webhook ({@code webhookId}), the
     * {@link WebhookScheme.Vendor#secrets()} of this kind.
     */
    PAYPAL(true, null, "$.id", "$.event_type", null),
    /**
     * Microsoft Graph change notifications: no signature; each notification of the delivery's
     * {@code value} list carries the {@code clientState} given when the subscription was created (the
     * secret), which must match. No event id (the notification's digest stands in; Graph sends the same
     * body again on a retry). The endpoint is checked with a POST carrying {@code ?validationToken=},
     * answered with the token as {@code text/plain}, before anything is verified. Signs no timestamp.
     * A change names its type in {@code changeType} ({@code created}, {@code updated}, {@code deleted});
     * a lifecycle notification, sent to the same endpoint when it is the subscription's
     * {@code lifecycleNotificationUrl}, in {@code lifecycleEvent} ({@code reauthorizationRequired},
     * {@code subscriptionRemoved}, {@code missed}).
     */
    MSGRAPH(false, null, null, "$.changeType", "$.value", "$.lifecycleEvent");

    final boolean signsTimestamp;
    final String idHeader;
    private final String eventId;
    private final String eventType;
    private final String events;
    private final String otherEventType;

    WebhookVendor(boolean signsTimestamp, String idHeader, String eventId, String eventType, String events) {
        this(signsTimestamp, idHeader, eventId, eventType, events, null);
    }

    WebhookVendor(boolean signsTimestamp, String idHeader, String eventId, String eventType, String events, String otherEventType) {
        this.signsTimestamp = signsTimestamp;
        this.idHeader = idHeader;
        this.eventId = eventId;
        this.eventType = eventType;
        this.events = events;
        this.otherEventType = otherEventType;
    }

    /** Whether its secrets are shared with the provider: not SendGrid's verification key, SNS's topics or PayPal's webhook ids. */
    public boolean sharedSecret() {
        return this != SENDGRID && this != SNS && this != PAYPAL;
    }

    /** As written in YAML: {@code hubspot}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider of a YAML scheme name, or null when it names none. */
    public static WebhookVendor of(String yamlName) {
        for (WebhookVendor kind : values()) {
            if (kind.yamlName().equals(yamlName)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The payload paths of the event id when no header holds it, joined when several (HubSpot's
     * {@code eventId} is unique only with its subscription and time); empty: a header, or none
     * at all (Zoom: the event's digest).
     */
    public List<String> eventId() {
        return eventId == null ? List.of() : List.of(eventId.split(" "));
    }

    /** Where the event type is: a payload path, or {@code header:NAME}; null when the provider says none. */
    public String eventType() {
        return eventType;
    }

    /** Where the event type is when {@link #eventType()} holds none (Graph's lifecycle notifications), or null. */
    public String otherEventType() {
        return otherEventType;
    }

    /** The payload path of the list of events of one delivery, or null: one event per delivery. */
    public String events() {
        return events;
    }
}
