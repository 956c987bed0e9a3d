package dev.junction.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectorException;
import dev.junction.json.JsonPath;
import dev.junction.spec.WebhookSpec;
import dev.junction.webhook.internal.Authenticator;
import dev.junction.webhook.internal.Authenticators;
import dev.junction.webhook.internal.Handshakes;
import dev.junction.webhook.internal.Payloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides what one webhook delivery is: an authentic event ({@link WebhookResult.Accepted}), a
 * verification challenge to answer ({@link WebhookResult.Handshake}), or something to refuse
 * ({@link WebhookResult.Rejected}). No clock of its own (the delivery carries when it was
 * received), no state between deliveries, and no I/O — except the schemes of Amazon SNS and
 * PayPal, which fetch their signing certificates (and SNS confirms a subscription) through the
 * {@link WebhookFetcher} they were made with. Immutable and thread-safe; make one per connection (its secrets) when the connection is set
 * up, and call {@link #verify} for every delivery.
 *
 * <p>The order of the steps is part of the contract:
 * <ol>
 *   <li>a body over {@link #maxBodySize()} is refused with 413 before anything else;
 *   <li>an unsigned handshake ({@code handshake: { query: validationToken }}) is answered;
 *   <li>the raw bytes are verified by the scheme (signature or credential, timestamp within the
 *       tolerance in both directions, the current or the previous secret): 401 or 400 if not;
 *   <li>a signed handshake in a header or query parameter is answered;
 *   <li>only now the body is parsed (JSON, or form fields): 400 if it does not parse;
 *   <li>a handshake in the payload ({@code $.challenge}) is answered; one that is a subscription to
 *       confirm (Amazon SNS's {@code SubscriptionConfirmation}) is confirmed first, by a GET of its
 *       verified URL: 502 when that fails;
 *   <li>the event id (required, 400 without), event type, record key and routing value are read;
 *       with {@code events}, inside each item of that list ({@link WebhookResult.Events}), and one
 *       event that cannot be read refuses the whole delivery.
 * </ol>
 * Deduplication by event id is not done here: the inbox does it.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.create(connector.webhooks(),
 *         WebhookSecrets.resolve(connector.webhooks(), connectionValues::lookup));
 * WebhookResult result = verifier.verify(new WebhookDelivery("POST", headers, query, body, clock.instant()));
 * }</pre>
 */
public final class WebhookVerifier {
    private final WebhookSpec spec;
    private final Authenticator authenticator;
    private final Handshakes handshakes;
    private final Payloads payloads;
    private final Payloads.Pick eventId;
    private final Payloads.Pick eventType;
    private final Payloads.Pick recordKey;
    private final Payloads.Pick routing;
    private final JsonPath events;
    /** Microsoft Graph's rich notifications, when the connection gives a decryption key; else null. */
    private final dev.junction.webhook.internal.GraphDecryption decryption;

    private WebhookVerifier(WebhookSpec spec, Authenticator authenticator, WebhookSecrets secrets, WebhookFetcher fetcher) {
        this.spec = spec;
        this.decryption = secrets.decryptionKey() == null ? null : new dev.junction.webhook.internal.GraphDecryption(
                privateKey(secrets.decryptionKey()));
        this.authenticator = authenticator;
        this.handshakes = spec.handshake() == null ? null
                : new Handshakes(spec.handshake(), secrets.challengeEquals(), secrets.values().getFirst(), fetcher);
        this.eventId = Payloads.Pick.of(spec.eventId());
        this.eventType = Payloads.Pick.of(spec.eventType());
        this.recordKey = Payloads.Pick.of(spec.recordKey());
        this.routing = Payloads.Pick.of(spec.tenant());
        this.events = spec.events() == null ? null : JsonPath.parse(spec.events());
        this.payloads = new Payloads(spec.formJson(), spec.messageJson());
    }

    /**
     * A verifier of {@code spec} with these secret values.
     *
     * @throws ConnectorException when a secret cannot serve the scheme (a Standard Webhooks secret
     *     that is not base64, a basic credential without {@code :}); the message never shows it
     */
    public static WebhookVerifier create(WebhookSpec spec, WebhookSecrets secrets) {
        return create(spec, secrets, WebhookFetcher.none());
    }

    /**
     * A verifier of {@code spec} with these secret values, that fetches what its scheme needs from the
     * provider with {@code fetcher} (Amazon SNS: its signing certificates, its subscription
     * confirmations; PayPal: its signing certificates); the other schemes fetch nothing.
     *
     * @throws ConnectorException when a secret cannot serve the scheme
     * @throws IllegalStateException when the scheme fetches (sns, paypal) and {@code fetcher} fetches nothing
     */
    public static WebhookVerifier create(WebhookSpec spec, WebhookSecrets secrets, WebhookFetcher fetcher) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(fetcher, "fetcher");
        return new WebhookVerifier(spec, Authenticators.create(spec.verify(), secrets.values(), spec.tolerance(), fetcher), secrets, fetcher);
    }

    /**
     * A verifier of {@code spec} with its secret templates rendered by {@code lookup} (such as
     * {@code ConnectionValues::lookup}).
     *
     * @throws ConnectorException when a secret has no value or cannot serve the scheme
     */
    public static WebhookVerifier create(WebhookSpec spec, Function<String, String> lookup) {
        return create(spec, WebhookSecrets.resolve(spec, lookup));
    }

    /** The verdict on one delivery; never throws for anything the caller sent. */
    public WebhookResult verify(WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (delivery.body().length > spec.maxBodySize()) {
            return new WebhookResult.Rejected(413, "body is larger than the limit of " + spec.maxBodySize() + " bytes");
        }
        if (handshakes != null && handshakes.unsigned() && handshakes.beforePayload()) {
            WebhookResult answer = handshakes.answer(delivery, null);
            if (answer != null) {
                return answer;
            }
        }
        WebhookResult.Rejected refused = authenticator.check(delivery);
        if (refused != null) {
            return refused;
        }
        if (handshakes != null && !handshakes.unsigned() && handshakes.beforePayload()) {
            WebhookResult answer = handshakes.answer(delivery, null);
            if (answer != null) {
                return answer;
            }
        }
        JsonNode payload = payloads.parse(delivery);
        if (payload == null) {
            return new WebhookResult.Rejected(400, !"application/x-www-form-urlencoded".equals(delivery.contentType()) ? "body is not valid JSON"
                    : spec.formJson() == null ? "body is not a valid form" : "the form field " + spec.formJson() + " is missing or not valid JSON");
        }
        if (handshakes != null && !handshakes.beforePayload()) {
            WebhookResult answer = handshakes.answer(delivery, payload);
            if (answer != null) {
                return answer;
            }
        }
        if (decryption != null) {
            try {
                payload = decryption.decrypt(payload);
            } catch (IllegalArgumentException e) {
                return new WebhookResult.Rejected(400, e.getMessage());
            }
        }
        return events == null ? accept(delivery, payload) : acceptEach(delivery, payload);
    }

    /** Each item of the list at {@code events} as an event of its own; the first that cannot be read refuses the delivery. */
    private WebhookResult acceptEach(WebhookDelivery delivery, JsonNode payload) {
        JsonNode list = events.find(payload);
        if (!list.isArray()) {
            return new WebhookResult.Rejected(400, "expected a list of events at " + spec.events() + " but found "
                    + (list.isMissingNode() ? "nothing" : list.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<WebhookResult.Accepted> accepted = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            WebhookResult one = accept(delivery, list.get(i));
            if (one instanceof WebhookResult.Rejected rejected) {
                return new WebhookResult.Rejected(rejected.status(), "event " + (i + 1) + " of " + list.size() + " at " + spec.events() + ": "
                        + rejected.reason());
            }
            accepted.add((WebhookResult.Accepted) one);
        }
        return new WebhookResult.Events(accepted);
    }

    private WebhookResult accept(WebhookDelivery delivery, JsonNode payload) {
        Payloads.Found id = eventId.read(delivery, payload);
        if (id.text() == null || id.text().isBlank()) {
            return new WebhookResult.Rejected(400, id.container() ? "the event id at " + eventId.describe() + " is not a single value"
                    : "no event id at " + eventId.describe());
        }
        String[] values = new String[3];
        Payloads.Pick[] picks = {eventType, recordKey, routing};
        for (int i = 0; i < picks.length; i++) {
            if (picks[i] == null) {
                continue;
            }
            Payloads.Found found = picks[i].read(delivery, payload);
            if (found.container()) {
                return new WebhookResult.Rejected(400, "the value at " + picks[i].describe() + " is not a single value");
            }
            values[i] = found.text();
        }
        for (String value : new String[] {id.text(), values[1], values[2]}) {
            if (value != null && value.length() > WebhookResult.MAX_ID_LENGTH) {
                return new WebhookResult.Rejected(400, "an event id, record key or routing value is longer than " + WebhookResult.MAX_ID_LENGTH
                        + " characters");
            }
        }
        return new WebhookResult.Accepted(id.text(), values[0], values[1], values[2], payload);
    }

    /** The decryption key's PEM as a key; the message never shows it. */
    private static java.security.PrivateKey privateKey(String pem) {
        try {
            return dev.junction.http.internal.TlsContexts.pemPrivateKey(pem, "webhooks.verify.decryptionKey");
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(e.getMessage(), e);
        }
    }

    /** The largest body accepted, in bytes: read at most one byte more than this. */
    public long maxBodySize() {
        return spec.maxBodySize();
    }

    /** The scheme's name, such as {@code standard-webhooks}: what the route's guard reports. */
    public String scheme() {
        return spec.verify().scheme();
    }

    public WebhookSpec spec() {
        return spec;
    }

    /** The scheme only: never a secret. */
    @Override
    public String toString() {
        return "WebhookVerifier[" + scheme() + "]";
    }
}
