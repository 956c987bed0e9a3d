package dev.junction.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * @param recordKey payload path of the key of the record the event is about, or null
 * @param record payload path of the record itself (the object a subscribing sync maps), or null:
 *     the whole payload is the record, unless the sync fetches it by key
 * @param tenant payload path of the value that routes an app-level webhook (one endpoint for every
 *     customer) to the tenant's connection, such as {@code $.account} or {@code $.team_id}; or null
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
 * @param events payload path of the list of events when one delivery carries several (HubSpot's
 *     {@code $}, a list of up to 100), or null: the delivery is one event. Each item is then an
 *     event of its own: its id, type, record key, record and routing value are read inside it
 */
public record WebhookSpec(
        Verify verify,
        Duration tolerance,
        ValueSource eventId,
        ValueSource eventType,
        String recordKey,
        String record,
        String tenant,
        String routeTo,
        Handshake handshake,
        long maxBodySize,
        boolean ordered,
        String register,
        String unregister,
        SourceLocation location,
        String events) {

    /** The default timestamp tolerance: 5 minutes, the value Standard Webhooks, Stripe and Slack recommend. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 1024L * 1024;

    /** One event per delivery. */
    public WebhookSpec(Verify verify, Duration tolerance, ValueSource eventId, ValueSource eventType, String recordKey, String record, String tenant,
            String routeTo, Handshake handshake, long maxBodySize, boolean ordered, String register, String unregister, SourceLocation location) {
        this(verify, tolerance, eventId, eventType, recordKey, record, tenant, routeTo, handshake, maxBodySize, ordered, register, unregister, location, null);
    }

    /** Without a record path: the whole payload is the record. */
    public WebhookSpec(Verify verify, Duration tolerance, ValueSource eventId, ValueSource eventType, String recordKey, String tenant,
            Handshake handshake, long maxBodySize, boolean ordered, String register, String unregister, SourceLocation location) {
        this(verify, tolerance, eventId, eventType, recordKey, null, tenant, null, handshake, maxBodySize, ordered, register, unregister, location);
    }

    public WebhookSpec {
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(eventId, "eventId");
        tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
        maxBodySize = maxBodySize > 0 ? maxBodySize : DEFAULT_MAX_BODY_SIZE;
        if (routeTo != null && tenant == null) {
            throw new IllegalArgumentException("webhooks.routeTo (config." + routeTo + ") needs webhooks.tenant, the payload path of the value it matches");
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
    }

    /** The MAC of the generic {@code hmac} scheme. */
    public enum Algorithm {
        SHA1("HmacSHA1"),
        SHA256("HmacSHA256"),
        SHA512("HmacSHA512");

        private final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }

        /** The {@link javax.crypto.Mac} algorithm name, such as {@code HmacSHA256}. */
        public String jcaName() {
            return jca;
        }

        /** As written in YAML: {@code sha256}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The signature algorithm of the {@code public-key} scheme. */
    public enum KeyAlgorithm {
        ED25519("Ed25519", "Ed25519"),
        ECDSA_SHA256("SHA256withECDSA", "EC"),
        RSA_SHA256("SHA256withRSA", "RSA");

        private final String jca;
        private final String keyFactory;

        KeyAlgorithm(String jca, String keyFactory) {
            this.jca = jca;
            this.keyFactory = keyFactory;
        }

        /** The {@link java.security.Signature} algorithm name, such as {@code SHA256withECDSA}. */
        public String jcaName() {
            return jca;
        }

        /** The {@link java.security.KeyFactory} algorithm name, such as {@code EC}. */
        public String keyFactory() {
            return keyFactory;
        }

        /** As written in YAML: {@code ecdsa-sha256}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How a signature, or a secret, is written as text. */
    public enum Encoding {
        HEX,
        BASE64,
        /** Secrets only: the secret's UTF-8 bytes are the key. */
        TEXT
    }

    /**
     * A verification scheme. {@code secrets} are templates over {@code secrets.*}, one or two:
     * the current one first and, while a rotation is under way, the previous one. A delivery
     * signed with either is accepted.
     */
    public sealed interface Verify {
        /** The scheme's name as written in YAML ({@code standard-webhooks}), also used as the route's guard name. */
        String scheme();

        List<String> secrets();

        /** Whether the scheme signs a timestamp, so {@link WebhookSpec#tolerance()} applies. */
        boolean signsTimestamp();

        /** The header holding the provider's event id, or null when the scheme has none. */
        default String idHeader() {
            return null;
        }
    }

    /**
     * The generic HMAC scheme: {@code header} holds {@code prefix} followed by the MAC of
     * {@code signedContent}, encoded in {@code encoding}.
     *
     * @param signedContent a template over {@code body} (the raw bytes), {@code timestamp} (the
     *     value of {@code timestampHeader}), {@code headers.NAME}, {@code query.NAME}, {@code method},
     *     {@code url} (the URL the provider called) and {@code form} (the form fields sorted by name)
     * @param timestampHeader the header with the signed Unix time, or null
     * @param secretEncoding how each secret's text becomes the key: {@code TEXT} (UTF-8), {@code HEX} or {@code BASE64}
     * @param timestampMillis whether the signed time is in milliseconds rather than seconds
     */
    public record Hmac(List<String> secrets, Algorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
            String timestampHeader, Encoding secretEncoding, boolean timestampMillis)
            implements Verify {
        /** The signed content when none is given: the body alone. */
        public static final String BODY_ONLY = "{{ body }}";

        /** A timestamp, if any, in Unix seconds. */
        public Hmac(List<String> secrets, Algorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
                String timestampHeader, Encoding secretEncoding) {
            this(secrets, algorithm, encoding, header, prefix, signedContent, timestampHeader, secretEncoding, false);
        }

        public Hmac {
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(header, "header");
            prefix = prefix == null ? "" : prefix;
            signedContent = signedContent == null ? BODY_ONLY : signedContent;
            secretEncoding = secretEncoding == null ? Encoding.TEXT : secretEncoding;
        }

        @Override
        public String scheme() {
            return "hmac";
        }

        @Override
        public boolean signsTimestamp() {
            return timestampHeader != null;
        }
    }

    /**
     * <a href="https://www.standardwebhooks.com">Standard Webhooks</a>: HMAC-SHA256 of
     * {@code id.timestamp.body}, base64, in {@code webhook-signature} as space-separated
     * {@code v1,SIG} entries; secrets are base64 with an optional {@code whsec_} prefix. With
     * {@code svix}, the same algorithm under Svix's header names ({@code svix-id}, ...).
     */
    public record StandardWebhooks(List<String> secrets, boolean svix) implements Verify {
        public StandardWebhooks {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return svix ? "svix" : "standard-webhooks";
        }

        @Override
        public boolean signsTimestamp() {
            return true;
        }

        @Override
        public String idHeader() {
            return svix ? "svix-id" : "webhook-id";
        }

        public String timestampHeader() {
            return svix ? "svix-timestamp" : "webhook-timestamp";
        }

        public String signatureHeader() {
            return svix ? "svix-signature" : "webhook-signature";
        }
    }

    /** Stripe: {@code Stripe-Signature: t=TIMESTAMP,v1=HEX[,v1=HEX...]}, HMAC-SHA256 of {@code TIMESTAMP.body}. */
    public record Stripe(List<String> secrets) implements Verify {
        public Stripe {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "stripe";
        }

        @Override
        public boolean signsTimestamp() {
            return true;
        }
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=HEX}, HMAC-SHA256 of the body; the event id in {@code X-GitHub-Delivery}. */
    public record GitHub(List<String> secrets) implements Verify {
        public GitHub {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "github";
        }

        @Override
        public boolean signsTimestamp() {
            return false;
        }

        @Override
        public String idHeader() {
            return "X-GitHub-Delivery";
        }
    }

    /** Slack: {@code X-Slack-Signature: v0=HEX}, HMAC-SHA256 of {@code v0:TIMESTAMP:body}, the timestamp in {@code X-Slack-Request-Timestamp}. */
    public record Slack(List<String> secrets) implements Verify {
        public Slack {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "slack";
        }

        @Override
        public boolean signsTimestamp() {
            return true;
        }
    }

    /**
     * A signature made with the provider's private key and checked with its public key: the
     * generic form of SendGrid's ECDSA or an ed25519 signer. Like {@link Hmac}, {@code header} holds
     * {@code prefix} followed by the signature of {@code signedContent} in {@code encoding}.
     *
     * @param secrets the provider's public keys (current, then previous), kept with the connection's
     *     secrets: PEM or the base64 of the SubjectPublicKeyInfo; for ed25519 also its 32 bytes
     */
    public record PublicKey(List<String> secrets, KeyAlgorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
            String timestampHeader, boolean timestampMillis) implements Verify {
        public PublicKey {
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(header, "header");
            prefix = prefix == null ? "" : prefix;
            signedContent = signedContent == null ? Hmac.BODY_ONLY : signedContent;
        }

        @Override
        public String scheme() {
            return "public-key";
        }

        @Override
        public boolean signsTimestamp() {
            return timestampHeader != null;
        }
    }

    /**
     * SendGrid's signed event webhook: {@code X-Twilio-Email-Event-Webhook-Signature} is the base64
     * ECDSA (P-256, SHA-256) signature of {@code TIMESTAMP + BODY}, the timestamp in
     * {@code X-Twilio-Email-Event-Webhook-Timestamp}; the secret is the verification key SendGrid
     * shows. One delivery is a list of events.
     */
    public record SendGrid(List<String> secrets) implements Verify {
        public SendGrid {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "sendgrid";
        }

        @Override
        public boolean signsTimestamp() {
            return true;
        }
    }

    /**
     * HubSpot (signature v3): {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256, keyed with
     * the app's client secret, of {@code METHOD + URI + BODY + TIMESTAMP}, the URI as the provider
     * called it (a few escapes decoded), the timestamp in {@code X-HubSpot-Request-Timestamp} in
     * milliseconds. One delivery carries a list of events.
     */
    public record HubSpot(List<String> secrets) implements Verify {
        public HubSpot {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "hubspot";
        }

        @Override
        public boolean signsTimestamp() {
            return true;
        }
    }

    /**
     * Twilio: {@code X-Twilio-Signature} is the base64 HMAC-SHA1, keyed with the account's auth
     * token, of the URL the provider called followed by the form fields sorted by name (each name,
     * then its value); a JSON body is signed through the {@code bodySHA256} query parameter (the
     * body's SHA-256 in hex), which must match. Signs no timestamp; the event id is in
     * {@code I-Twilio-Idempotency-Token}.
     */
    public record Twilio(List<String> secrets) implements Verify {
        public Twilio {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "twilio";
        }

        @Override
        public boolean signsTimestamp() {
            return false;
        }

        @Override
        public String idHeader() {
            return "I-Twilio-Idempotency-Token";
        }
    }

    /** A header whose value is {@code prefix} followed by the secret itself (compared in constant time). */
    public record SharedSecret(List<String> secrets, String header, String prefix) implements Verify {
        public SharedSecret {
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(header, "header");
            prefix = prefix == null ? "" : prefix;
        }

        @Override
        public String scheme() {
            return "shared-secret";
        }

        @Override
        public boolean signsTimestamp() {
            return false;
        }
    }

    /** {@code Authorization: Basic ...}; each secret renders to {@code user:password}. */
    public record Basic(List<String> secrets) implements Verify {
        public Basic {
            secrets = List.copyOf(secrets);
        }

        @Override
        public String scheme() {
            return "basic";
        }

        @Override
        public boolean signsTimestamp() {
            return false;
        }
    }

    /**
     * A verification challenge: when {@code challenge} is present in a delivery (and {@code when}
     * holds), the delivery is answered with {@code respond} instead of being accepted as an event.
     *
     * @param challenge where the challenge value is: a payload path (Slack's {@code $.challenge}) or a
     *     query parameter (Microsoft Graph's {@code validationToken})
     * @param when an extra condition, such as {@code $.type} equal to {@code url_verification}; or null
     * @param respond the answer's body, a template over {@code challenge}
     * @param contentType the answer's content type; with a JSON type the challenge is JSON-escaped
     * @param status the answer's HTTP status
     * @param signed whether the challenge is signed like any delivery (checked first), or answered
     *     before verification because the provider sends it unsigned (Microsoft Graph)
     */
    public record Handshake(ValueSource challenge, When when, String respond, String contentType, int status, boolean signed) {
        public static final String DEFAULT_RESPOND = "{{ challenge }}";
        public static final String DEFAULT_CONTENT_TYPE = "text/plain";

        public Handshake {
            Objects.requireNonNull(challenge, "challenge");
            respond = respond == null ? DEFAULT_RESPOND : respond;
            contentType = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
            status = status == 0 ? 200 : status;
        }

        /** {@code at} must hold exactly {@code equals}. */
        public record When(ValueSource at, String equals) {
            public When {
                Objects.requireNonNull(at, "at");
                Objects.requireNonNull(equals, "equals");
            }
        }
    }
}
