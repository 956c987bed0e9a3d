package dev.junction.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.mapping.MappingException;
import dev.junction.mapping.internal.JsonataCall;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.FlowSpec;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSONata of one flow (its templates and conditions), each expression compiled once and
 * evaluated under the flow's limits ({@code limits.expressionTimeout}, {@code limits.maxDepth}) by
 * the same bounded evaluator the mapping language uses. Expressions see the execution's context:
 * {@code {"input": ..., "steps": {"NAME": {"output": ...}}}}. Thread-safe.
 */
public final class FlowExpressions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final FlowSpec.Limits limits;
    private final Map<String, JsonataCall> compiled = new ConcurrentHashMap<>();

    public FlowExpressions(FlowSpec.Limits limits) {
        this.limits = limits;
    }

    /**
     * The template's value: its JSON with every {@code "= expression"} string replaced by the
     * expression's result (JSON null when it yields nothing). A null template yields null.
     *
     * @param what names the value in a failure, such as {@code steps[1].call.record}
     * @throws MappingException when an expression fails or passes its limits
     */
    public JsonNode render(FlowSpec.Template template, JsonNode context, String what) {
        return template == null ? null : render(template.node(), context, what);
    }

    private JsonNode render(JsonNode node, JsonNode context, String what) {
        if (node.isTextual() && node.asText().startsWith("=")) {
            JsonNode result = call(node.asText().substring(1).trim()).evaluate(context, what);
            return result == null ? NullNode.getInstance() : result;
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), render(e.getValue(), context, what + "." + e.getKey()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(render(node.get(i), context, what + "[" + i + "]"));
            }
            return out;
        }
        return node;
    }

    /** Whether {@code condition} is truthy in JSONata's sense ({@code $boolean}). */
    public boolean test(String condition, JsonNode context, String what) {
        JsonNode result = call("$boolean((" + condition + "))").evaluate(context, what);
        return result != null && result.asBoolean();
    }

    private JsonataCall call(String expression) {
        return compiled.computeIfAbsent(expression,
                text -> new JsonataCall(new FieldMapping.Expression(text, limits.expressionTimeout(), limits.maxDepth())));
    }
}
