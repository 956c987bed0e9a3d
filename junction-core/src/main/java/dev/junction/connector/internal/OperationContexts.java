package dev.junction.connector.internal;

import dev.junction.http.CallContext;
import dev.junction.http.ErrorRules;
import dev.junction.http.Hook;
import dev.junction.spec.ConnectionSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The call contexts of one connection's calls: its name and tenant filled in where the caller left
 * them out, and for an operation ({@code stream:NAME}, {@code action:NAME}) that operation's error
 * rules and hooks.
 */
public final class OperationContexts {
    private final ConnectionSpec connection;
    private final Map<String, ErrorRules> operationRules;
    private final Map<String, List<Hook>> operationHooks;

    public OperationContexts(ConnectionSpec connection, Map<String, ErrorRules> operationRules, Map<String, List<Hook>> operationHooks) {
        this.connection = connection;
        this.operationRules = operationRules;
        this.operationHooks = operationHooks;
    }

    /** Fills in this connection's name and tenant when the caller left them out. */
    public CallContext of(CallContext given) {
        CallContext context = Objects.requireNonNull(given, "context");
        if (context.connection() == null || context.tenant() == null) {
            context = new CallContext(context.runId(), context.tenant() == null ? connection.tenant() : context.tenant(),
                    context.connection() == null ? connection.name() : context.connection(), context.recordKeys(),
                    context.idempotent(), context.attempt(), context.errorRules(), context.hooks(), context.operation());
        }
        return context;
    }

    /** Like {@link #of(CallContext)}, for a call of {@code operation}: with its error rules and hooks. */
    public CallContext of(CallContext given, String operation) {
        return of(given).withErrorRules(operationRules.getOrDefault(operation, ErrorRules.none()))
                .withOperation(operation).withHooks(operationHooks.getOrDefault(operation, List.of()));
    }
}
