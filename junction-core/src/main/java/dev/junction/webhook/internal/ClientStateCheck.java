package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Microsoft Graph change notifications, which carry no signature: every notification in the
 * delivery's {@code value} list must carry the {@code clientState} the subscription was created with
 * (the connection's secret; during a rotation, either of two). Compared as SHA-256 hashes in constant
 * time, as {@link SecretCheck} compares a shared secret. A notification without it, or with another,
 * refuses the whole delivery.
 */
final class ClientStateCheck implements Authenticator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<byte[]> expected;

    ClientStateCheck(List<String> secrets) {
        this.expected = secrets.stream().map(s -> SecretCheck.sha256(s.getBytes(StandardCharsets.UTF_8))).toList();
    }

    @Override
    public WebhookResult.Rejected check(WebhookDelivery delivery) {
        JsonNode body;
        try {
            body = JSON.readTree(delivery.body());
        } catch (IOException e) {
            return Authenticator.refuse(400, "body is not valid JSON");
        }
        JsonNode notifications = body == null ? null : body.get("value");
        if (notifications == null || !notifications.isArray() || notifications.isEmpty()) {
            return Authenticator.refuse(400, "expected a list of notifications at $.value");
        }
        for (int i = 0; i < notifications.size(); i++) {
            JsonNode state = notifications.get(i).get("clientState");
            if (state == null || !state.isTextual()) {
                return Authenticator.refuse(401, "notification " + (i + 1) + " of " + notifications.size() + " carries no clientState");
            }
            byte[] hash = SecretCheck.sha256(state.asText().getBytes(StandardCharsets.UTF_8));
            boolean match = false;
            for (byte[] secret : expected) {
                match |= MessageDigest.isEqual(hash, secret);
            }
            if (!match) {
                return Authenticator.refuse(401, "wrong clientState in notification " + (i + 1) + " of " + notifications.size());
            }
        }
        return null;
    }
}
