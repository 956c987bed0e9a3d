package dev.junction.http;

import java.util.List;
import java.util.Objects;

/**
 * Who a call is made for, carried alongside the request and copied into every logged exchange.
 *
 * @param runId the run that made the call, or null outside a run
 * @param tenant the tenant of the connection, or null
 * @param connection the connection's name (used in messages and the exchange log)
 * @param recordKeys the keys of the records the call carries (empty for reads)
 * @param idempotent true when sending the request twice does no harm even for POST/PATCH (batch
 *     upserts by key); GET, HEAD, PUT, DELETE and OPTIONS are always treated as idempotent
 * @param attempt 1 for the first attempt; the retry step numbers the following ones
 * @param errorRules the {@code errors:} rules of the stream or action making the call, tried before
 *     the connector's own; never null
 * @param hooks the hooks of the call (connector's, then the stream's or action's), run first in the
 *     pipeline, before auth; never null
 * @param operation what the call is for, from a small fixed set per connector: {@code stream:NAME},
 *     {@code action:NAME}, {@code auth:token} (OAuth 2.0 token requests), {@code auth:login} (session
 *     logins); null when not known. It names the endpoint in metrics, never the URL (which carries ids)
 */
public record CallContext(String runId, String tenant, String connection, List<String> recordKeys, boolean idempotent, int attempt,
        ErrorRules errorRules, List<Hook> hooks, String operation) {
    /** The {@link #operation} of OAuth 2.0 token requests. */
    public static final String TOKEN_OPERATION = "auth:token";
    /** The {@link #operation} of session logins. */
    public static final String LOGIN_OPERATION = "auth:login";

    public CallContext {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        recordKeys = recordKeys == null ? List.of() : List.copyOf(recordKeys);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
        }
        errorRules = errorRules == null ? ErrorRules.none() : errorRules;
    }

    public CallContext(String runId, String tenant, String connection, List<String> recordKeys, boolean idempotent, int attempt,
            ErrorRules errorRules, List<Hook> hooks) {
        this(runId, tenant, connection, recordKeys, idempotent, attempt, errorRules, hooks, null);
    }

    public CallContext(String runId, String tenant, String connection, List<String> recordKeys, boolean idempotent, int attempt,
            ErrorRules errorRules) {
        this(runId, tenant, connection, recordKeys, idempotent, attempt, errorRules, null);
    }

    public CallContext(String runId, String tenant, String connection, List<String> recordKeys, boolean idempotent, int attempt) {
        this(runId, tenant, connection, recordKeys, idempotent, attempt, null);
    }

    public CallContext(String runId, String tenant, String connection, List<String> recordKeys, boolean idempotent) {
        this(runId, tenant, connection, recordKeys, idempotent, 1);
    }

    /** A context outside any run, for a connection, carrying no record keys. */
    public static CallContext of(String connection) {
        return new CallContext(null, null, connection, List.of(), false);
    }

    public CallContext withRecordKeys(List<String> keys) {
        return new CallContext(runId, tenant, connection, keys, idempotent, attempt, errorRules, hooks, operation);
    }

    public CallContext withIdempotent(boolean value) {
        return new CallContext(runId, tenant, connection, recordKeys, value, attempt, errorRules, hooks, operation);
    }

    public CallContext withAttempt(int value) {
        return new CallContext(runId, tenant, connection, recordKeys, idempotent, value, errorRules, hooks, operation);
    }

    public CallContext withConnection(String value) {
        return new CallContext(runId, tenant, Objects.requireNonNull(value, "connection"), recordKeys, idempotent, attempt, errorRules, hooks, operation);
    }

    /** The stream's or action's own error rules (tried before the connector's). */
    public CallContext withErrorRules(ErrorRules value) {
        return new CallContext(runId, tenant, connection, recordKeys, idempotent, attempt, value, hooks, operation);
    }

    /** The same call, for {@code value} (see {@link #operation}). */
    public CallContext withOperation(String value) {
        return new CallContext(runId, tenant, connection, recordKeys, idempotent, attempt, errorRules, hooks, value);
    }

    /** The hooks of this call, run in order before auth (responses pass through them in reverse order). */
    public CallContext withHooks(List<Hook> value) {
        return new CallContext(runId, tenant, connection, recordKeys, idempotent, attempt, errorRules, value, operation);
    }
}
