package dev.junction.server;

import io.javalin.http.Context;

/**
 * Checks the connect session a request carries (the end-user flow that connects a tenant's account).
 * Throw an {@link ApiProblem} to refuse. Until the connect flow lands, the server's default refuses
 * every call with 501.
 */
@FunctionalInterface
public interface ConnectSessionVerifier {
    void verify(Context ctx);

    static ConnectSessionVerifier notImplemented() {
        return ctx -> {
            throw new ApiProblem.NotImplemented("The connect flow is not available in this version of Junction.");
        };
    }
}
