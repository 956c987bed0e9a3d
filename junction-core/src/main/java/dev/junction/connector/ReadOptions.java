package dev.junction.connector;

import dev.junction.http.CallContext;
import java.util.Objects;

/**
 * How to read a stream.
 *
 * @param incrementalFrom the checkpoint to send as the stream's incremental query parameter, or
 *     null for a full read (also ignored when the stream has no incremental settings)
 * @param context who the reads are for (run, tenant); the connection name is filled in when null
 * @param variables a partition's template variables ({@code parent.id}, {@code slice.start}), rendered
 *     into the stream's request path, query and headers; empty for an unpartitioned stream
 * @param bindings the same partition's values typed, an object whose fields ({@code parent},
 *     {@code slice}) are bound as JSONata variables ({@code $parent}, {@code $slice}) of the stream's
 *     {@code request.body}; null for an unpartitioned stream
 */
public record ReadOptions(String incrementalFrom, CallContext context, java.util.Map<String, String> variables,
        com.fasterxml.jackson.databind.JsonNode bindings) {
    public ReadOptions {
        Objects.requireNonNull(context, "context");
        variables = variables == null ? java.util.Map.of() : java.util.Map.copyOf(variables);
    }

    public ReadOptions(String incrementalFrom, CallContext context, java.util.Map<String, String> variables) {
        this(incrementalFrom, context, variables, null);
    }

    public ReadOptions(String incrementalFrom, CallContext context) {
        this(incrementalFrom, context, java.util.Map.of());
    }

    public static ReadOptions full(CallContext context) {
        return new ReadOptions(null, context);
    }
}
