package dev.junction.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the OpenAPI document says about a route: a unique {@code operationId}, one tag (the resource),
 * a summary, parameters, the request body and the answers. {@code bodyType} is the JSON body the
 * server parses before the handler runs (see {@link ApiRequest#body}); {@code textMediaTypes} are the
 * media types it also (or only) takes as text (see {@link ApiRequest#textBody}).
 */
public record Operation(String id, String tag, String summary, String description, List<Param> params, Class<?> bodyType,
        List<String> textMediaTypes, List<ResponseSpec> responses) {
    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(summary, "summary");
        params = List.copyOf(params);
        textMediaTypes = textMediaTypes.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        responses = List.copyOf(responses);
    }

    /** An operation whose body, if any, is JSON only. */
    public Operation(String id, String tag, String summary, String description, List<Param> params, Class<?> bodyType, List<ResponseSpec> responses) {
        this(id, tag, summary, description, params, bodyType, List.of(), responses);
    }

    /** Whether the route takes a body at all, as JSON or as text. */
    public boolean hasBody() {
        return bodyType != null || !textMediaTypes.isEmpty();
    }
}
