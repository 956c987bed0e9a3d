package dev.junction.server;

import java.util.List;
import java.util.Objects;

/**
 * What the OpenAPI document says about a route: a unique {@code operationId}, one tag (the resource),
 * a summary, parameters, the request body's type and the answers. {@code bodyType} is also what the
 * server parses the body into before the handler runs (see {@link ApiRequest#body}).
 */
public record Operation(String id, String tag, String summary, String description, List<Param> params, Class<?> bodyType,
        List<ResponseSpec> responses) {
    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(summary, "summary");
        params = List.copyOf(params);
        responses = List.copyOf(responses);
    }
}
