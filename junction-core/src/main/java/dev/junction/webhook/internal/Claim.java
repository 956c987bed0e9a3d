package dev.junction.webhook.internal;

import dev.junction.webhook.WebhookResult;
import java.util.List;

/**
 * What a delivery's headers claim: the signed timestamp as sent (null when the scheme signs none)
 * and the decoded signatures, any of which may match; or why the headers cannot be read.
 */
record Claim(String timestamp, List<byte[]> signatures, WebhookResult.Rejected rejected) {

    static Claim of(String timestamp, List<byte[]> signatures) {
        return new Claim(timestamp, List.copyOf(signatures), null);
    }

    static Claim refuse(int status, String reason) {
        return new Claim(null, List.of(), new WebhookResult.Rejected(status, reason));
    }

    static Claim missing(String header) {
        return refuse(401, "missing header " + header);
    }

    static Claim malformed(String header, String expected) {
        return refuse(400, "malformed header " + header + "; expected " + expected);
    }
}
