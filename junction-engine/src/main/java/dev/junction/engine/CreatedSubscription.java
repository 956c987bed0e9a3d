package dev.junction.engine;

import dev.junction.store.EventSubscription;
import java.util.Objects;

/**
 * A subscription just created, or its secret just rotated, with its signing secret
 * ({@code whsec_} and base64, as Standard Webhooks defines it): shown this once, stored only encrypted.
 */
public record CreatedSubscription(EventSubscription subscription, String secret) {
    public CreatedSubscription {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "CreatedSubscription[secret=***, subscription=" + subscription + "]";
    }
}
