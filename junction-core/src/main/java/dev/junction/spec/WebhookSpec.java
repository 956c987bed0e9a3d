package dev.junction.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A connector's {@code webhooks:}: how a delivery from the provider is verified, where its event
 * id, event type, record key and routing value are found, how the provider's verification
 * handshake is answered, and which actions register and unregister the webhook at the provider.
 * Read from YAML by the spec loader with every default filled in (the id header of a scheme that
 * has one, the event type path of a vendor scheme), so a consumer never needs a default table of
 * its own. Verified at run time by {@link dev.junction.webhook.WebhookVerifier}.
 *
 * <p>Paths are kept as written ({@code $.data.id}) and checked to parse at load time. Secret
 * templates such as {@code "{{ secrets.webhookSecret }}"} are references, never values: they are
 * rendered with a connection's values when a verifier is made.
 *
 * @param verify the scheme and its parameters
 * @param tolerance how far a signed timestamp may be from the receiving clock, either direction;
 *     only used by schemes that sign a timestamp
 * @param eventId where the provider's event id is (never null: a scheme default or required); with
 *     {@code events}, a payload path is read inside each event
 * @param eventType where the event type is, or null when the connector names none
 * @param recordKey where the key of the record the event is about is: a payload path, or a header
 *     (Shopify's {@code X-Shopify-Product-Id}); or null
 * @param record payload path of the record itself (the object a subscribing sync maps), or null:
 *     the whole payload is the record, unless the sync fetches it by key
 * @param tenant where the value is that routes an app-level webhook (one endpoint for every
 *     customer) to the tenant's connection: a payload path such as {@code $.account} or
 *     {@code $.team_id}, or a header such as Shopify's {@code X-Shopify-Shop-Domain}; or null
 * @param routeTo the connector's {@code config} field whose value, on a tenant's connection, an
 *     app-level delivery's routing value ({@code tenant}) must equal for the delivery to be that
 *     connection's event (such as {@code accountId}, written {@code routeTo: config.accountId}); or
 *     null: the connector's app-level deliveries are not routed. Only given with {@code tenant}
 * @param handshake how a verification challenge is answered, or null when the provider sends none
 * @param maxBodySize the largest body accepted, in bytes; larger deliveries get 413
 * @param ordered whether events of one record key are processed in arrival order (needs {@code recordKey})
 * @param register the action that registers the webhook at the provider on connect, or null
 * @param unregister the action that removes it on disconnect, or null
 * @param location where {@code webhooks:} is written, or null
 * @param formJson for a form body, the field whose value is the JSON payload (Slack's interactivity
 *     posts {@code payload={...}}), or null: the form's fields are the payload
 * @param events payload path of the list of events when one delivery carries several (HubSpot's
 *     {@code $}, a list of up to 100), or null: the delivery is one event. Each item is then an
 *     event of its own: its id, type, record key, record and routing value are read inside it
 * @param messageJson for Amazon SNS ({@code scheme: sns}), whether the message's {@code Message}
 *     text is read as JSON when it is JSON (S3, CloudWatch, SES notifications), so that paths such
 *     as {@code $.Message.Records[0].s3} reach into it
 * @param secretHeader the header in which the provider sends the webhook's signing secret while the
 *     webhook is being created (Asana's {@code X-Hook-Secret}): such a delivery is answered with the
 *     header echoed and the secret kept, readable as {@code {{ handshake.secret }}}; or null
 * @param renew the action that renews the webhook at the provider before it expires (Microsoft
 *     Graph's subscriptions last three days at most), run every {@code renewEvery} under
 *     {@code junction serve} for each connection with a kept registration; or null
 * @param renewEvery how often {@code renew} runs; null exactly when {@code renew} is
 */
public record WebhookSpec(
        WebhookScheme verify,
        Duration tolerance,
        ValueSource eventId,
        ValueSource eventType,
        ValueSource recordKey,
        String record,
        ValueSource tenant,
        String routeTo,
        Handshake handshake,
        long maxBodySize,
        boolean ordered,
        String register,
        String unregister,
        SourceLocation location,
        String events,
        String formJson,
        boolean messageJson,
        String secretHeader,
        String renew,
        Duration renewEvery) {

    /** The default timestamp tolerance: 5 minutes, the value Standard Webhooks, Stripe and Slack recommend. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 1024L * 1024;

    /** One event per delivery. */
    public WebhookSpec(WebhookScheme verify, Duration tolerance, ValueSource eventId, ValueSource eventType, String recordKey, String record, String tenant,
            String routeTo, Handshake handshake, long maxBodySize, boolean ordered, String register, String unregister, SourceLocation location) {
        this(verify, tolerance, eventId, eventType, path(recordKey), record, path(tenant), routeTo, handshake, maxBodySize, ordered, register, unregister,
                location, null, null, false);
    }

    /** Without a record path: the whole payload is the record. */
    public WebhookSpec(WebhookScheme verify, Duration tolerance, ValueSource eventId, ValueSource eventType, String recordKey, String tenant,
            Handshake handshake, long maxBodySize, boolean ordered, String register, String unregister, SourceLocation location) {
        this(verify, tolerance, eventId, eventType, recordKey, null, tenant, null, handshake, maxBodySize, ordered, register, unregister, location);
    }

    /** Without a secret handshake. */
    public WebhookSpec(WebhookScheme verify, Duration tolerance, ValueSource eventId, ValueSource eventType, ValueSource recordKey, String record,
            ValueSource tenant, String routeTo, Handshake handshake, long maxBodySize, boolean ordered, String register, String unregister,
            SourceLocation location, String events, String formJson, boolean messageJson) {
        this(verify, tolerance, eventId, eventType, recordKey, record, tenant, routeTo, handshake, maxBodySize, ordered, register, unregister, location,
                events, formJson, messageJson, null, null, null);
    }

    private static ValueSource path(String path) {
        return path == null ? null : new ValueSource.Path(path);
    }

    public WebhookSpec {
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(eventId, "eventId");
        tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
        maxBodySize = maxBodySize > 0 ? maxBodySize : DEFAULT_MAX_BODY_SIZE;
        if (routeTo != null && tenant == null) {
            throw new IllegalArgumentException("webhooks.routeTo (config." + routeTo + ") needs webhooks.tenant, where the value it matches is");
        }
    }

    /** Where a value of a delivery is read: a payload path, a header or a query parameter. */
    public sealed interface ValueSource {
        /** A JSON path into the parsed payload, such as {@code $.id}. */
        record Path(String path) implements ValueSource {
            public Path {
                Objects.requireNonNull(path, "path");
            }
        }

        /** A request header, matched without regard to case. */
        record Header(String name) implements ValueSource {
            public Header {
                Objects.requireNonNull(name, "name");
            }
        }

        /** A query parameter of the delivery's URL. */
        record Query(String name) implements ValueSource {
            public Query {
                Objects.requireNonNull(name, "name");
            }
        }

        /**
         * An event id for providers that send none (Meta, Zoom): the SHA-256, in hex, of the event's
         * JSON as received — the whole payload, or one item of {@code events} — so that a redelivery
         * of the same event is recognized. Two distinct events with identical content are taken for
         * one.
         */
        record Digest() implements ValueSource {}

        /**
         * An event id made of several payload values joined with {@code :} (HubSpot's
         * {@code eventId} alone is not unique: with its subscription and time it is). Each must be
         * a single value; a missing one means no id.
         */
        record Joined(List<String> paths) implements ValueSource {
            public Joined {
                paths = List.copyOf(paths);
            }
        }

        /**
         * The first of several payload paths that holds a value: a provider that names one kind of
         * event in one field and another kind in another (Microsoft Graph: {@code changeType} for a
         * change, {@code lifecycleEvent} for a lifecycle notification).
         */
        record FirstOf(List<String> paths) implements ValueSource {
            public FirstOf {
                paths = List.copyOf(paths);
            }
        }
    }

    /**
     * A verification challenge: when {@code challenge} is present in a delivery (and {@code when}
     * holds), the delivery is answered with {@code respond} instead of being accepted as an event.
     *
     * @param challenge where the challenge value is: a payload path (Slack's {@code $.challenge}) or a
     *     query parameter (Microsoft Graph's {@code validationToken})
     * @param when extra conditions, all of which must hold, such as {@code $.type} equal to
     *     {@code url_verification}, or Meta's {@code hub.mode} and {@code hub.verify_token}; empty: none
     * @param respond the answer's body, a template over {@code challenge} and {@code challengeHmac}
     *     (the HMAC-SHA256 of the challenge in hex, keyed with the scheme's current secret: Zoom)
     * @param contentType the answer's content type; with a JSON type the challenge is JSON-escaped
     * @param status the answer's HTTP status
     * @param signed whether the challenge is signed like any delivery (checked first), or answered
     *     before verification because the provider sends it unsigned (Microsoft Graph)
     * @param confirm when this holds too, the challenge is a URL the receiver GETs to confirm a
     *     subscription before answering (Amazon SNS's {@code SubscribeURL}: its scheme's own handshake,
     *     never read from YAML, since only that scheme bounds where the URL may go); null: nothing is fetched
     */
    public record Handshake(ValueSource challenge, List<When> when, String respond, String contentType, int status, boolean signed, When confirm) {
        public static final String DEFAULT_RESPOND = "{{ challenge }}";
        public static final String DEFAULT_CONTENT_TYPE = "text/plain";

        /** A challenge answered without fetching anything. */
        public Handshake(ValueSource challenge, List<When> when, String respond, String contentType, int status, boolean signed) {
            this(challenge, when, respond, contentType, status, signed, null);
        }

        public Handshake {
            Objects.requireNonNull(challenge, "challenge");
            when = when == null ? List.of() : List.copyOf(when);
            respond = respond == null ? DEFAULT_RESPOND : respond;
            contentType = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
            status = status == 0 ? 200 : status;
        }

        /**
         * {@code at} must hold exactly {@code equals}: literal text, or a reference to a connection's
         * secret ({@code "{{ secrets.verifyToken }}"}, Meta's {@code hub.verify_token}), compared in
         * constant time.
         */
        public record When(ValueSource at, String equals) {
            public When {
                Objects.requireNonNull(at, "at");
                Objects.requireNonNull(equals, "equals");
            }
        }
    }
}
