package dev.junction.webhook.internal;

import dev.junction.spec.WebhookScheme;
import dev.junction.template.Template;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a scheme signs, as a template, and the checks that come before a signature is worth
 * computing: the URL is known when it is signed, the signed timestamp within the tolerance. Shared
 * by the HMAC and the public-key checks.
 *
 * <p>{@code {{ body }}} is the raw body byte for byte, {@code {{ timestamp }}} the timestamp exactly
 * as sent, {@code {{ headers.NAME }}} and {@code {{ query.NAME }}} a header or query value,
 * {@code {{ method }}} and {@code {{ url }}} the request's method and the URL the provider called,
 * {@code {{ form }}} the form fields sorted by name, each name followed by its value (Twilio);
 * literal text is UTF-8.
 */
final class SignedContent {
    private final Template template;
    private final Duration tolerance;
    private final WebhookScheme.TimestampUnit unit;
    private final boolean needsUrl;

    /** @param unit how the signed timestamp is written: Unix seconds, milliseconds (HubSpot) or an ISO 8601 instant (Zendesk) */
    SignedContent(Template template, Duration tolerance, WebhookScheme.TimestampUnit unit) {
        this.template = template;
        this.tolerance = tolerance;
        this.unit = unit;
        this.needsUrl = template.variables().stream().anyMatch(v -> v.equals("url") || v.equals(SignedValues.HUBSPOT_URI));
    }

    /** Null when the delivery can be checked against its claim, else why not. */
    WebhookResult.Rejected precheck(WebhookDelivery delivery, Claim claim) {
        if (claim.rejected() != null) {
            return claim.rejected();
        }
        if (needsUrl && delivery.url() == null) {
            return Authenticator.refuse(401, "the URL the provider called is not known here, so its signature over the URL cannot be checked");
        }
        return claim.timestamp() == null ? null : checkTimestamp(claim.timestamp(), delivery.receivedAt());
    }

    /**
     * The refusal of a signature that does not match: for a scheme that signs the URL, with the
     * likeliest cause when everything else is right (the URL rebuilt here is not the one the provider
     * was given: a proxy or tunnel in front without {@code publicBaseUrl}); never the URL itself.
     */
    WebhookResult.Rejected mismatch() {
        return Authenticator.refuse(401, needsUrl ? "signature does not match; this scheme signs the URL the provider called, so check that"
                + " the server's publicBaseUrl is the address given to the provider" : "signature does not match");
    }

    /** Hands the signed bytes to {@code out}, part by part. */
    void write(WebhookDelivery delivery, String timestamp, Consumer<byte[]> out) {
        template.forEachPart(
                literal -> out.accept(literal.getBytes(StandardCharsets.UTF_8)),
                variable -> {
                    if (variable.equals("body")) {
                        out.accept(delivery.body());
                    } else {
                        String value = variable.equals("timestamp") ? timestamp : SignedValues.value(variable, delivery);
                        out.accept((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
                    }
                });
    }

    /** Rejects a timestamp that is not in its unit, or further than the tolerance from {@code now} either way. */
    private WebhookResult.Rejected checkTimestamp(String text, Instant now) {
        long skew;
        try {
            skew = switch (unit) {
                case SECONDS -> now.getEpochSecond() - Long.parseLong(text);
                case MILLISECONDS -> Math.floorDiv(now.toEpochMilli() - Long.parseLong(text), 1000L);
                case ISO8601 -> Math.floorDiv(now.toEpochMilli() - java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli(), 1000L);
                case ISO8601_SECONDS -> now.getEpochSecond() - java.time.LocalDateTime.parse(text).toEpochSecond(java.time.ZoneOffset.UTC);
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            return Authenticator.refuse(400, "malformed timestamp; expected " + switch (unit) {
                case SECONDS -> "Unix time in seconds";
                case MILLISECONDS -> "Unix time in milliseconds";
                case ISO8601 -> "an ISO 8601 time such as 2021-03-25T05:09:27Z";
                case ISO8601_SECONDS -> "a UTC time such as 2021-03-25T05:09:27";
            });
        }
        if (skew > tolerance.toSeconds()) {
            return Authenticator.refuse(401, "timestamp is older than the tolerance of " + tolerance.toSeconds() + "s");
        }
        if (-skew > tolerance.toSeconds()) {
            return Authenticator.refuse(401, "timestamp is further in the future than the tolerance of " + tolerance.toSeconds() + "s");
        }
        return null;
    }
}
