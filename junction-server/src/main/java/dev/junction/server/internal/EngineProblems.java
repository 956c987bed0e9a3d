package dev.junction.server.internal;

import dev.junction.JunctionException;
import dev.junction.engine.EngineException;
import dev.junction.http.ApiException;
import dev.junction.server.ApiProblem;
import dev.junction.store.StoreException;
import dev.junction.sync.SyncAlreadyRunningException;

/**
 * What the engine's typed refusals ({@link EngineException}, mapped by {@link ProblemMapper}) leave
 * out: a sync already running is a 409, an external API that failed under the request (a dry run, a
 * replay, a discovery, a preview) a 502, and any other Junction error a 422 that says what to fix —
 * their messages are written for people and hold no secrets (external calls are redacted). Store
 * failures ({@link StoreException}) are not among them: their messages name SQL, so they stay a 500
 * (or a 503 when the store cannot be reached).
 */
final class EngineProblems {
    private EngineProblems() {}

    /** A sync already running, or a failed upstream call; null for anything else. */
    static ApiProblem refusal(Throwable failure) {
        return switch (failure) {
            case SyncAlreadyRunningException e -> new ApiProblem.Conflict(ProblemMapper.sentence(e.getMessage()));
            case ApiException e -> new ApiProblem(502, "upstream-failed", "Bad gateway", ProblemMapper.sentence(e.getMessage()))
                    .with("upstreamStatus", e.status()).with("upstreamCode", e.error().code());
            default -> null;
        };
    }

    /** Any other Junction error but the store's, as a 422 with its message; null for anything else. */
    static ApiProblem unprocessable(Throwable failure) {
        if (failure instanceof JunctionException e && !(failure instanceof StoreException)) {
            return new ApiProblem(422, "unprocessable", "Cannot be done as configured", ProblemMapper.sentence(e.getMessage()));
        }
        return null;
    }
}
