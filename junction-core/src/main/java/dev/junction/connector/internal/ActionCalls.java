package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ActionResult;
import dev.junction.http.CallContext;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A connection's actions by name: each compiled (its templates rendered) on first use, and called with
 * records through the connection's pipeline. Thread-safe.
 */
public final class ActionCalls {
    private final String connector;
    private final Map<String, Lazy<ActionCaller>> actions;
    private final OperationContexts contexts;

    /** {@code connector} is the connector's name, for messages. */
    public ActionCalls(String connector, Map<String, Lazy<ActionCaller>> actions, OperationContexts contexts) {
        this.connector = connector;
        this.actions = actions;
        this.contexts = contexts;
    }

    /** See {@link dev.junction.connector.ConnectionClient#call(String, List, CallContext, String, Consumer)}. */
    public ActionResult call(String action, List<JsonNode> records, CallContext context, String idempotencyKey, Consumer<JsonNode> answer) {
        return caller(action).call(records, contexts.of(context, "action:" + action), idempotencyKey, answer);
    }

    /** Renders the action's templates now (they are cached), so a missing value fails here rather than at the first call. */
    public void prepare(String action) {
        caller(action);
    }

    private ActionCaller caller(String action) {
        Lazy<ActionCaller> caller = actions.get(action);
        if (caller == null) {
            throw new IllegalArgumentException("connector '" + connector + "' has no action '" + action + "'; it has "
                    + (actions.isEmpty() ? "none" : String.join(", ", actions.keySet())));
        }
        return caller.get();
    }
}
