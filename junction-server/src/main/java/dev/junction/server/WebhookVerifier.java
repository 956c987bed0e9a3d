package dev.junction.server;

import io.javalin.http.Context;

/**
 * Checks a webhook's signature over its raw bytes before anything else reads the body. Throw an
 * {@link ApiProblem} (usually {@link ApiProblem.Unauthorized}) to refuse. Until the webhook ingress
 * lands, the server's default refuses every call with 501.
 */
@FunctionalInterface
public interface WebhookVerifier {
    void verify(Context ctx, Guard.WebhookSignature guard);

    static WebhookVerifier notImplemented() {
        return (ctx, guard) -> {
            throw new ApiProblem.NotImplemented("Webhook ingress is not available in this version of Junction.");
        };
    }
}
