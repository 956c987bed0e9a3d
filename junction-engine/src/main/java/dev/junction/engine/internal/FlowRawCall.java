package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.http.HttpResponse;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FlowSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code call} with a raw {@code request}: method, path, query, headers and body rendered from
 * their templates and sent through the connection's pipeline (auth, rate budget, retries, error
 * rules, exchange log). The output is {@code {"status", "headers", "body"}}, the body as JSON when
 * it is JSON, else as text. A body that renders to an object or list is sent as JSON
 * ({@code Content-Type: application/json} unless a header says otherwise), a string as it is.
 */
final class FlowRawCall {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlowRawCall() {}

    static JsonNode run(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.RawCall raw, String at) {
        JsonNode path = state.flow.expressions().render(raw.path(), state.context, at + ".request.path");
        if (path == null || !path.isTextual()) {
            throw new FlowExecutor.StepFailed(500, "step '" + raw.name() + "': the path (" + at + ".request.path) is " + path + "; expected text such as /v1/contacts");
        }
        Map<String, String> query = strings(raw, state.flow.expressions().render(raw.query(), state.context, at + ".request.query"), at + ".request.query");
        Map<String, String> headers = strings(raw, state.flow.expressions().render(raw.headers(), state.context, at + ".request.headers"),
                at + ".request.headers");
        JsonNode body = state.flow.expressions().render(raw.body(), state.context, at + ".request.body");
        com.fasterxml.jackson.databind.node.ObjectNode given = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("method", raw.method()).put("path", path.asText());
        given.set("query", given.objectNode().setAll(query.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> (JsonNode) com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getValue())))));
        given.set("headers", given.objectNode().setAll(headers.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> (JsonNode) com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getValue())))));
        given.set("body", body);
        FlowExecutor.given(state, given); // stored redacted: values under secret-looking names (such as an Authorization-like header) hidden
        byte[] bytes = null;
        if (body != null && !body.isNull()) {
            bytes = (body.isTextual() ? body.asText() : body.toString()).getBytes(StandardCharsets.UTF_8);
            if (!body.isTextual() && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
                headers.put("Content-Type", "application/json");
            }
        }
        try (ConnectionClient client = executor.client(state, raw.name(), raw.connection())) {
            HttpResponse response = client.send(raw.method(), path.asText(), query, headers, bytes, FlowExecutor.context(state, raw.connection()));
            return answer(executor, response);
        } catch (FlowExecutor.StepFailed | MappingException e) {
            throw e;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new FlowExecutor.StepFailed(502, "step '" + raw.name() + "': " + e.getMessage());
        }
    }

    private static ObjectNode answer(FlowExecutor executor, HttpResponse response) {
        ObjectNode headers = NODES.objectNode();
        response.headers().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values)));
        ObjectNode out = NODES.objectNode().put("status", response.status());
        out.set("headers", headers);
        String text = response.bodyText();
        JsonNode body;
        if (text == null || text.isEmpty()) {
            body = NODES.nullNode();
        } else {
            try {
                body = executor.json().readTree(text);
            } catch (JsonProcessingException e) {
                body = NODES.textNode(text);
            }
        }
        out.set("body", body);
        return out;
    }

    /** A rendered {@code query} or {@code headers}: an object whose values become text (a list: one value per item, joined by commas). */
    private static Map<String, String> strings(FlowSpec.RawCall raw, JsonNode node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new FlowExecutor.StepFailed(500, "step '" + raw.name() + "': " + what + " is " + node + "; expected an object of names to values");
        }
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v != null && !v.isNull()) {
                out.put(e.getKey(), v.isArray() ? String.join(",", toList(v)) : v.isTextual() ? v.asText() : v.toString());
            }
        });
        return out;
    }

    private static List<String> toList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(v -> v.isTextual() ? v.asText() : v.toString()).toList();
    }
}
