package dev.junction.webhook.internal;

import dev.junction.spec.WebhookScheme.Encoding;
import dev.junction.webhook.WebhookDelivery;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Reads the signature headers of each scheme into a {@link Claim}. Never echoes a header's value. */
final class ClaimParsers {
    private ClaimParsers() {}

    /** Reads a delivery's headers; one implementation per header format. */
    @FunctionalInterface
    interface ClaimParser {
        Claim parse(WebhookDelivery delivery);
    }

    /**
     * One signature in {@code header}, after {@code prefix} (compared without regard to case, as
     * {@code sha256=}), in {@code encoding}; the timestamp in {@code timestampHeader} when not null.
     */
    static ClaimParser prefixed(String header, String prefix, Encoding encoding, String timestampHeader) {
        return delivery -> {
            String value = delivery.header(header);
            if (value == null || value.isBlank()) {
                return Claim.missing(header);
            }
            String expected = (prefix.isEmpty() ? "" : "'" + prefix + "' followed by ") + "a " + encoding.name().toLowerCase(Locale.ROOT) + " signature";
            value = value.strip();
            if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Claim.malformed(header, expected);
            }
            byte[] signature = decode(value.substring(prefix.length()), encoding);
            if (signature == null) {
                return Claim.malformed(header, expected);
            }
            String timestamp = null;
            if (timestampHeader != null) {
                timestamp = delivery.header(timestampHeader);
                if (timestamp == null || timestamp.isBlank()) {
                    return Claim.missing(timestampHeader);
                }
                timestamp = timestamp.strip();
            }
            return Claim.of(timestamp, List.of(signature));
        };
    }

    /**
     * Standard Webhooks (and Svix): the id header must be there (it is signed), the timestamp in its
     * header, and space-separated {@code VERSION,BASE64} entries in the signature header; entries of
     * other versions are skipped ({@code v1}: HMAC, {@code v1a}: ed25519).
     */
    static ClaimParser standardWebhooks(String idHeader, String timestampHeader, String signatureHeader, String version) {
        return delivery -> {
            for (String header : List.of(idHeader, timestampHeader, signatureHeader)) {
                String value = delivery.header(header);
                if (value == null || value.isBlank()) {
                    return Claim.missing(header);
                }
            }
            List<byte[]> signatures = new ArrayList<>();
            for (String entry : delivery.header(signatureHeader).strip().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0) {
                    return Claim.malformed(signatureHeader, "space-separated entries such as v1,BASE64");
                }
                if (entry.substring(0, comma).equals(version)) {
                    byte[] signature = decode(entry.substring(comma + 1), Encoding.BASE64);
                    if (signature != null) {
                        signatures.add(signature);
                    }
                }
            }
            if (signatures.isEmpty()) {
                return Claim.malformed(signatureHeader, "at least one " + version + ",BASE64 entry");
            }
            return Claim.of(delivery.header(timestampHeader).strip(), signatures);
        };
    }

    /** Stripe: {@code Stripe-Signature: t=TIMESTAMP,v1=HEX,...}; several v1 are allowed (during a secret roll), other schemes ignored. */
    static ClaimParser stripe() {
        return pairs("Stripe-Signature", ",", "t", "v1", Encoding.HEX);
    }

    /**
     * A header of {@code key=value} pairs split at {@code separator}: the timestamp under
     * {@code timestampKey} (null: none is signed), each signature under {@code signatureKey} in
     * {@code encoding} (several allowed, any may match), other keys ignored.
     */
    static ClaimParser pairs(String header, String separator, String timestampKey, String signatureKey, Encoding encoding) {
        String expected = (timestampKey == null ? "" : timestampKey + "=TIMESTAMP" + separator) + signatureKey + "=SIGNATURE";
        return delivery -> {
            String value = delivery.header(header);
            if (value == null || value.isBlank()) {
                return Claim.missing(header);
            }
            String timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String item : value.split(java.util.regex.Pattern.quote(separator))) {
                int eq = item.indexOf('=');
                if (eq < 0) {
                    return Claim.malformed(header, expected);
                }
                String key = item.substring(0, eq).strip();
                String part = item.substring(eq + 1).strip();
                if (key.equals(timestampKey)) {
                    timestamp = part;
                } else if (key.equals(signatureKey)) {
                    byte[] signature = decode(part, encoding);
                    if (signature != null) {
                        signatures.add(signature);
                    }
                }
            }
            if (timestampKey != null && (timestamp == null || timestamp.isEmpty()) || signatures.isEmpty()) {
                return Claim.malformed(header, (timestampKey == null ? "" : timestampKey + "=TIMESTAMP and ") + "at least one " + signatureKey + "=SIGNATURE");
            }
            return Claim.of(timestamp, signatures);
        };
    }

    /** The bytes of {@code text} in {@code encoding}, or null when it is not valid (or empty). */
    static byte[] decode(String text, Encoding encoding) {
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return switch (encoding) {
                case HEX -> s.length() % 2 == 0 ? HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT)) : null;
                case BASE64 -> s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
                case TEXT -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
