package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Twilio's signature covers the URL and the form fields, not the raw body: a body that is not
 * form fields (JSON) is covered only through the URL's {@code bodySHA256} parameter, its SHA-256 in
 * hex, which must then match the body. Without it such a body would be unauthenticated: refused.
 */
final class TwilioBody {
    private TwilioBody() {}

    /** {@code signature} first (the URL, with its {@code bodySHA256}, is authentic), then the body against it. */
    static Authenticator around(Authenticator signature) {
        return delivery -> {
            WebhookResult.Rejected refused = signature.check(delivery);
            if (refused != null) {
                return refused;
            }
            return bodyCheck(delivery);
        };
    }

    private static WebhookResult.Rejected bodyCheck(WebhookDelivery delivery) {
        String claimed = delivery.query("bodySHA256");
        boolean form = "application/x-www-form-urlencoded".equals(delivery.contentType());
        if (claimed == null) {
            return form || delivery.body().length == 0 ? null
                    : Authenticator.refuse(401, "a body that is not form fields is signed only through the bodySHA256 query parameter, which is missing");
        }
        byte[] expected;
        try {
            expected = MessageDigest.getInstance("SHA-256").digest(delivery.body());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        byte[] sent = ClaimParsers.decode(claimed, dev.junction.spec.WebhookScheme.Encoding.HEX);
        return sent != null && MessageDigest.isEqual(expected, sent) ? null
                : Authenticator.refuse(401, "the body does not match the bodySHA256 query parameter");
    }
}
