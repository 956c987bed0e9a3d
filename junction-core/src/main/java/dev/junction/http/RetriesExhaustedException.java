package dev.junction.http;

import java.io.IOException;

/**
 * Thrown through the chain by the retry step when the last allowed attempt failed in a retryable
 * way. Carries either the last response ({@link #lastResponse()}, e.g. a 503) or the last network
 * failure ({@link #getCause()}). Interceptors placed before the retry step see this instead of the
 * last response; the pipeline turns it into an {@link ApiException} with category RETRYABLE.
 */
public class RetriesExhaustedException extends IOException {
    private final int attempts;
    private final transient HttpResponse lastResponse;

    public RetriesExhaustedException(int attempts, HttpResponse lastResponse, IOException lastFailure) {
        super("gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts"), lastFailure);
        this.attempts = attempts;
        this.lastResponse = lastResponse;
    }

    public int attempts() {
        return attempts;
    }

    /** The last response, or null when the last attempt got none. */
    public HttpResponse lastResponse() {
        return lastResponse;
    }
}
