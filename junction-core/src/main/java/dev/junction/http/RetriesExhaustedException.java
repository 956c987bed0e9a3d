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
    private final String stoppedBecause;

    public RetriesExhaustedException(int attempts, HttpResponse lastResponse, IOException lastFailure) {
        this(attempts, lastResponse, lastFailure, null);
    }

    /**
     * @param stoppedBecause why retrying stopped before {@code maxAttempts} (a time budget), or null
     */
    public RetriesExhaustedException(int attempts, HttpResponse lastResponse, IOException lastFailure, String stoppedBecause) {
        super("gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + (stoppedBecause == null ? "" : ": " + stoppedBecause),
                lastFailure);
        this.attempts = attempts;
        this.lastResponse = lastResponse;
        this.stoppedBecause = stoppedBecause;
    }

    /** Why retrying stopped early, or null when the attempts ran out. */
    public String stoppedBecause() {
        return stoppedBecause;
    }

    public int attempts() {
        return attempts;
    }

    /** The last response, or null when the last attempt got none. */
    public HttpResponse lastResponse() {
        return lastResponse;
    }
}
