package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;

/** Checks that a delivery comes from the provider, looking at the raw bytes only (the body is not parsed). */
@FunctionalInterface
public interface Authenticator {
    /** Null when the delivery is authentic, else why not. */
    WebhookResult.Rejected check(WebhookDelivery delivery);

    static WebhookResult.Rejected refuse(int status, String reason) {
        return new WebhookResult.Rejected(status, reason);
    }
}
