package dev.junction.spec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A verification scheme. {@code secrets} are templates over {@code secrets.*}, one or two:
 * the current one first and, while a rotation is under way, the previous one. A delivery
 * signed with either is accepted.
 *
 * <p>The scheme of a connector's {@code webhooks.verify:} (see {@link WebhookSpec}): one record
 * per scheme, with its parameters and the enums they use.
 */
public sealed interface WebhookScheme {
    /** The scheme's name as written in YAML ({@code standard-webhooks}), also used as the route's guard name. */
    String scheme();

    List<String> secrets();

    /** Whether the scheme signs a timestamp, so {@link WebhookSpec#tolerance()} applies. */
    boolean signsTimestamp();

    /**
     * Whether {@link #secrets()} are secrets shared with the provider (it signs or authenticates with them),
     * so that it may be told one when the webhook is created; false when they are the provider's public
     * keys, or no secrets at all (Amazon SNS's topics, PayPal's webhook ids).
     */
    default boolean sharedSecret() {
        return true;
    }

    /** The header holding the provider's event id, or null when the scheme has none. */
    default String idHeader() {
        return null;
    }

    /** The MAC of the generic {@code hmac} scheme, and of {@code auth: { type: hmac }}. */
    enum Algorithm {
        SHA1("HmacSHA1"),
        SHA256("HmacSHA256"),
        SHA384("HmacSHA384"),
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
    enum KeyAlgorithm {
        ED25519("Ed25519", "Ed25519"),
        ECDSA_SHA256("SHA256withECDSA", "EC"),
        RSA_SHA256("SHA256withRSA", "RSA"),
        /** RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (Kalshi's API keys). */
        RSA_PSS_SHA256("RSASSA-PSS", "RSA");

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

        /** A new {@link java.security.Signature} of this algorithm, its parameters set (RSASSA-PSS's). */
        public java.security.Signature newSignature() throws java.security.GeneralSecurityException {
            java.security.Signature signature = java.security.Signature.getInstance(jca);
            if (this == RSA_PSS_SHA256) {
                signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            return signature;
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

    /** How a signed timestamp is written: Unix seconds, Unix milliseconds (HubSpot), or an ISO 8601 instant (Zendesk). */
    enum TimestampUnit {
        SECONDS,
        MILLISECONDS,
        ISO8601,
        /** UTC to the second without a zone, {@code 2017-05-11T15:19:30}: HTX's request signing only. */
        ISO8601_SECONDS;

        /** As written in YAML: {@code milliseconds}, {@code iso8601-seconds}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The unit of a YAML name ({@code iso8601-seconds}). */
        public static TimestampUnit ofYamlName(String yamlName) {
            return valueOf(yamlName.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** How a signature, or a secret, is written as text. */
    enum Encoding {
        HEX,
        BASE64,
        /** Secrets only: the secret's UTF-8 bytes are the key. */
        TEXT
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
     * @param timestampUnit how the signed time is written (seconds when null)
     */
    record Hmac(List<String> secrets, Algorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
            String timestampHeader, Encoding secretEncoding, TimestampUnit timestampUnit, Pairs pairs)
            implements WebhookScheme {
        /** The signed content when none is given: the body alone. */
        public static final String BODY_ONLY = "{{ body }}";

        /** A timestamp, if any, in Unix seconds. */
        public Hmac(List<String> secrets, Algorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
                String timestampHeader, Encoding secretEncoding) {
            this(secrets, algorithm, encoding, header, prefix, signedContent, timestampHeader, secretEncoding, TimestampUnit.SECONDS, null);
        }

        /** The signature alone in its header (no pairs). */
        public Hmac(List<String> secrets, Algorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
                String timestampHeader, Encoding secretEncoding, TimestampUnit timestampUnit) {
            this(secrets, algorithm, encoding, header, prefix, signedContent, timestampHeader, secretEncoding, timestampUnit, null);
        }

        /**
         * A signature header of {@code key=value} pairs, as Stripe's {@code t=...,v1=...} and the many
         * providers that copied it (Calendly; Paddle's {@code ts=...;h1=...}): the timestamp under
         * {@code timestamp} (or none), each signature under {@code signature} (several allowed).
         */
        public record Pairs(String separator, String timestamp, String signature) {
            public Pairs {
                Objects.requireNonNull(separator, "separator");
                Objects.requireNonNull(signature, "signature");
            }
        }

        public Hmac {
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(header, "header");
            prefix = prefix == null ? "" : prefix;
            signedContent = signedContent == null ? BODY_ONLY : signedContent;
            timestampUnit = timestampUnit == null ? TimestampUnit.SECONDS : timestampUnit;
            secretEncoding = secretEncoding == null ? Encoding.TEXT : secretEncoding;
        }

        @Override
        public String scheme() {
            return "hmac";
        }

        @Override
        public boolean signsTimestamp() {
            return timestampHeader != null || pairs != null && pairs.timestamp() != null;
        }
    }

    /**
     * <a href="https://www.standardwebhooks.com">Standard Webhooks</a>: HMAC-SHA256 of
     * {@code id.timestamp.body}, base64, in {@code webhook-signature} as space-separated
     * {@code v1,SIG} entries; secrets are base64 with an optional {@code whsec_} prefix. With
     * {@code svix}, the same algorithm under Svix's header names ({@code svix-id}, ...).
     */
    record StandardWebhooks(List<String> secrets, boolean svix) implements WebhookScheme {
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

    /**
     * A signature made with the provider's private key and checked with its public key: the
     * generic form of SendGrid's ECDSA or an ed25519 signer. Like {@link Hmac}, {@code header} holds
     * {@code prefix} followed by the signature of {@code signedContent} in {@code encoding}.
     *
     * @param secrets the provider's public keys (current, then previous), kept with the connection's
     *     secrets: PEM or the base64 of the SubjectPublicKeyInfo; for ed25519 also its 32 bytes
     */
    record PublicKey(List<String> secrets, KeyAlgorithm algorithm, Encoding encoding, String header, String prefix, String signedContent,
            String timestampHeader, TimestampUnit timestampUnit) implements WebhookScheme {
        public PublicKey {
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(header, "header");
            prefix = prefix == null ? "" : prefix;
            signedContent = signedContent == null ? Hmac.BODY_ONLY : signedContent;
            timestampUnit = timestampUnit == null ? TimestampUnit.SECONDS : timestampUnit;
        }

        @Override
        public String scheme() {
            return "public-key";
        }

        @Override
        public boolean signsTimestamp() {
            return timestampHeader != null;
        }

        /** Its secrets are the sender's public keys. */
        @Override
        public boolean sharedSecret() {
            return false;
        }
    }

    /**
     * A provider's own scheme: how it signs, where its signature, timestamp and event id are, and
     * what its deliveries look like are fixed, so a connector gives only the secrets. The checks
     * themselves are built in {@code dev.junction.webhook.internal.Authenticators}.
     *
     * <p>Amazon SNS ({@link WebhookVendor#SNS}) signs with Amazon's certificate, not a shared secret: its
     * {@code secrets} are the templates of the topic ARNs the connection takes ({@code topics:},
     * literal or {@code "{{ config.topicArn }}"}), rendered like secrets when a verifier is made.
     * PayPal ({@link WebhookVendor#PAYPAL}) likewise: its {@code secrets} are the ids PayPal gave the
     * connection's webhook ({@code webhookId:}, such as {@code "{{ config.webhookId }}"}).
     */
    record Vendor(WebhookVendor kind, List<String> secrets, String version, String decryptionKey) implements WebhookScheme {
        /** HubSpot's signature versions: {@code v3} (the default), the older {@code v1} and {@code v2}, or {@code any} of them. */
        public static final List<String> HUBSPOT_VERSIONS = List.of("v3", "v1", "v2", "any");

        /**
         * @param version the provider's signature version when it has several (HubSpot: {@code v1},
         *     {@code v2}, {@code v3} or {@code any}); null: its current one
         * @param decryptionKey Microsoft Graph only: a template of the PEM PKCS#8 private key whose
         *     certificate the subscription gave for rich notifications ({@code encryptedContent} is then
         *     decrypted); null: none
         */
        public Vendor {
            Objects.requireNonNull(kind, "kind");
            if (decryptionKey != null && kind != WebhookVendor.MSGRAPH) {
                throw new IllegalArgumentException("scheme " + kind.yamlName() + " takes no decryption key");
            }
            secrets = List.copyOf(secrets);
            if (version != null && (kind != WebhookVendor.HUBSPOT || !HUBSPOT_VERSIONS.contains(version))) {
                throw new IllegalArgumentException("scheme " + kind.yamlName() + " has no signature version '" + version + "'");
            }
        }

        /** The provider's current signature version. */
        public Vendor(WebhookVendor kind, List<String> secrets) {
            this(kind, secrets, null, null);
        }

        /** A signature version, no decryption key. */
        public Vendor(WebhookVendor kind, List<String> secrets, String version) {
            this(kind, secrets, version, null);
        }

        @Override
        public String scheme() {
            return kind.yamlName();
        }

        /** HubSpot's v1 and v2 sign no timestamp; {@code any} takes v3 deliveries, which do. */
        @Override
        public boolean signsTimestamp() {
            return kind.signsTimestamp && !legacyHubSpot();
        }

        @Override
        public boolean sharedSecret() {
            return kind.sharedSecret();
        }

        /**
         * HubSpot's v2, which signs its workflow actions and CRM cards: one object per delivery with no
         * id of HubSpot's events, so no list of events and no default event id or type.
         */
        private boolean hubSpotV2() {
            return kind == WebhookVendor.HUBSPOT && "v2".equals(version);
        }

        /** HubSpot's older signatures only: a SHA-256 of the secret and the request, no timestamp. */
        private boolean legacyHubSpot() {
            return kind == WebhookVendor.HUBSPOT && ("v1".equals(version) || "v2".equals(version));
        }

        /** The payload paths of the event id when no header holds it (see {@link WebhookVendor#eventId()}). */
        public List<String> eventId() {
            return hubSpotV2() ? List.of() : kind.eventId();
        }

        /** Whether no event id is given at all, so the event's digest stands in (Zoom); false when one must be named. */
        public boolean digestId() {
            return !hubSpotV2() && kind.eventId().isEmpty() && kind.idHeader == null;
        }

        /** Where the event type is (see {@link WebhookVendor#eventType()}). */
        public String eventType() {
            return hubSpotV2() ? null : kind.eventType();
        }

        /** The payload path of the list of events of one delivery (see {@link WebhookVendor#events()}). */
        public String events() {
            return hubSpotV2() ? null : kind.events();
        }

        @Override
        public String idHeader() {
            return kind.idHeader;
        }
    }

    /** A header whose value is {@code prefix} followed by the secret itself (compared in constant time). */
    record SharedSecret(List<String> secrets, String header, String prefix) implements WebhookScheme {
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
    record Basic(List<String> secrets) implements WebhookScheme {
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
}
