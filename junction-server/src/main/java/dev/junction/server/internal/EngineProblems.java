package dev.junction.server.internal;

import dev.junction.JunctionException;
import dev.junction.engine.EngineException;
import dev.junction.http.ApiException;
import dev.junction.server.ApiProblem;
import dev.junction.store.StoreException;
import dev.junction.sync.SyncAlreadyRunningException;

/**
 * What the engine refuses, as problems: its typed refusals keep their meaning (not found 404, invalid
 * 400, conflict 409 — a sync already running is one), an external API that failed under the request
 * is a 502, and any other Junction error says what to do in a 422. Their messages are written for
 * people and hold no secrets; store failures ({@link StoreException}) are not among them: their
 * messages name SQL, so they stay a 500 (or a 503 when the store cannot be reached).
 */
final class EngineProblems {
    private EngineProblems() {}

    /** The engine's typed refusals and failed upstream calls; null for anything else. */
    static ApiProblem refusal(Throwable failure) {
        return switch (failure) {
            case EngineException.NotFound e -> new ApiProblem.NotFound(sentence(e));
            case EngineException.Invalid e -> new ApiProblem.BadRequest(sentence(e));
            case EngineException.Conflict e -> new ApiProblem.Conflict(sentence(e));
            case SyncAlreadyRunningException e -> new ApiProblem.Conflict(sentence(e));
            case ApiException e -> new ApiProblem(502, "upstream-failed", "Bad gateway", sentence(e))
                    .with("upstreamStatus", e.status()).with("upstreamCode", e.error().code());
            default -> null;
        };
    }

    /** Any other Junction error but the store's, as a 422 with its message; null for anything else. */
    static ApiProblem unprocessable(Throwable failure) {
        if (failure instanceof JunctionException e && !(failure instanceof StoreException)) {
            return new ApiProblem(422, "unprocessable", "Cannot be done as configured", sentence(e));
        }
        return null;
    }

    /** The message as the detail: one sentence, capitalized, ending in a full stop. */
    private static String sentence(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "The request could not be done." : e.getMessage().strip();
        message = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return message.endsWith(".") || message.endsWith(")") ? message : message + ".";
    }
}
