package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.Hook;
import dev.junction.http.HttpPipeline;
import dev.junction.spec.ConnectorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hooks of a connector's streams and actions, compiled for one connection's client. */
public final class OperationHooks {
    private OperationHooks() {}

    /**
     * Each stream's and action's hooks: the connector's, then its own. Java hooks are looked up
     * now, so a class that is not registered fails when the connection is created.
     */
    public static Map<String, List<Hook>> of(ConnectorSpec connector, ObjectMapper json, HttpPipeline pipeline) {
        Hooks hooks = compiler();
        String where = "connector '" + connector.name() + "'";
        List<Hook> shared = pipeline.connectionHooks(); // compiled with the pipeline, which runs them on token and login requests too
        Map<String, List<Hook>> out = new LinkedHashMap<>();
        if (connector.streams() != null) {
            connector.streams().forEach((name, stream) -> out.put("stream:" + name,
                    concat(shared, hooks.compile(where + " stream '" + name + "'", stream.hooks(), json, pipeline::redact))));
        }
        if (connector.actions() != null) {
            connector.actions().forEach((name, action) -> out.put("action:" + name,
                    concat(shared, hooks.compile(where + " action '" + name + "'", action.hooks(), json, pipeline::redact))));
        }
        return Map.copyOf(out);
    }

    /** The compiler of hooks, loading Java hooks with the context class loader. */
    public static Hooks compiler() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new Hooks(loader == null ? OperationHooks.class.getClassLoader() : loader);
    }

    private static List<Hook> concat(List<Hook> first, List<Hook> then) {
        List<Hook> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }
}
