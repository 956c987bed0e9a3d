package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun: the signature travels in the body, not in a header — {@code signature.timestamp},
 * {@code signature.token} and {@code signature.signature} of a JSON delivery (top-level form
 * fields {@code timestamp}, {@code token}, {@code signature} of a legacy form post) — and is the hex
 * HMAC-SHA256, keyed with the webhook signing key, of the timestamp followed by the token. Mailgun
 * signs only those two values, not the rest of the body.
 */
final class MailgunCheck implements Authenticator {
    private final List<SecretKeySpec> keys;
    private final SignedContent timestamp;
    private final Payloads payloads = new Payloads();

    MailgunCheck(List<byte[]> keys, SignedContent timestamp) {
        this.keys = keys.stream().map(key -> new SecretKeySpec(key, "HmacSHA256")).toList();
        this.timestamp = timestamp;
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        JsonNode payload = payloads.parse(delivery);
        JsonNode fields = payload == null ? null : payload.has("signature") && payload.get("signature").isObject() ? payload.get("signature") : payload;
        String ts = text(fields, "timestamp");
        String token = text(fields, "token");
        String signature = text(fields, "signature");
        if (ts == null || token == null || signature == null) {
            return Authenticator.refuse(401, "missing signature: expected signature.timestamp, signature.token and signature.signature in the body");
        }
        byte[] claimed = ClaimParsers.decode(signature, dev.junction.spec.WebhookScheme.Encoding.HEX);
        if (claimed == null) {
            return Authenticator.refuse(400, "malformed signature.signature; expected a hex signature");
        }
        WebhookResult.Rejected stale = timestamp.precheck(delivery, Claim.of(ts, List.of(claimed)));
        if (stale != null) {
            return stale;
        }
        byte[] content = (ts + token).getBytes(StandardCharsets.UTF_8);
        for (SecretKeySpec key : keys) {
            if (MessageDigest.isEqual(MacCheck.hmac(key, content), claimed)) {
                return null;
            }
        }
        return Authenticator.refuse(401, "signature does not match");
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields == null ? null : fields.get(name);
        return value == null || !value.isValueNode() || value.asText().isBlank() ? null : value.asText().strip();
    }
}
