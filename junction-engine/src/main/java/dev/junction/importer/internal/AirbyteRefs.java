package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.importer.ImportException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves an Airbyte manifest the way Airbyte's own resolver does before any component is built:
 * every {@code $ref: "#/definitions/a/b"} is replaced by what it points to (recursively; keys beside
 * the {@code $ref} override the referenced object's keys), then each component's {@code $parameters}
 * are passed down to its children (a child's own win) and {@code {{ parameters.x }}} /
 * {@code {{ parameters['x'] }}} in text are replaced by their values. Every object is left with its
 * effective {@code $parameters}, so a reader can fall back on them ({@code name}, {@code path},
 * {@code primary_key}). A reference that points nowhere or loops is an {@link ImportException}
 * naming where it is.
 */
final class AirbyteRefs {
    private static final Pattern PARAMETER = Pattern.compile(
            "\\{\\{\\s*parameters(?:\\.([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*]|\\.get\\(\\s*['\"]([^'\"]+)['\"]\\s*\\))\\s*}}");
    private final String location;
    private final JsonNode root;

    AirbyteRefs(String location, JsonNode root) {
        this.location = location;
        this.root = root;
    }

    /** The manifest with its references resolved and its parameters propagated and filled in. */
    JsonNode resolve() {
        return propagate(resolve(root, "", new ArrayList<>()), JsonNodeFactory.instance.objectNode());
    }

    private JsonNode resolve(JsonNode node, String at, List<String> chain) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(resolve(node.get(i), at + "[" + i + "]", chain));
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (node.has("$ref")) {
            JsonNode target = target(node.get("$ref"), at, chain);
            String ref = node.get("$ref").asText();
            chain.add(ref);
            JsonNode base = resolve(target, at, chain);
            chain.remove(chain.size() - 1);
            if (node.size() == 1) {
                return base;
            }
            if (!base.isObject()) {
                throw new ImportException(location + ": " + where(at) + "$ref: \"" + ref + "\" is " + base.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + ", and the keys beside the $ref need an object to override; expected a definition that is an object");
            }
            out.setAll((ObjectNode) base);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("$ref")) {
                out.set(e.getKey(), resolve(e.getValue(), (at.isEmpty() ? "" : at + ".") + e.getKey(), chain));
            }
        }
        return out;
    }

    private JsonNode target(JsonNode refNode, String at, List<String> chain) {
        String ref = refNode.asText("");
        if (!refNode.isTextual() || !ref.startsWith("#/")) {
            throw new ImportException(location + ": " + where(at) + "$ref: expected a reference within the manifest such as \"#/definitions/name\", found "
                    + (refNode.isTextual() ? "\"" + ref + "\"" : refNode.toString()));
        }
        if (chain.contains(ref)) {
            StringJoiner loop = new StringJoiner(" -> ");
            chain.subList(chain.indexOf(ref), chain.size()).forEach(loop::add);
            throw new ImportException(location + ": " + where(at) + "$ref: \"" + ref + "\" refers back to itself (" + loop + " -> " + ref
                    + "); expected definitions without a loop");
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            String parentPointer = ref.substring(1, ref.lastIndexOf('/'));
            JsonNode parent = parentPointer.isEmpty() ? root : root.at(parentPointer);
            StringJoiner names = new StringJoiner(", ");
            if (parent.isObject()) {
                parent.fieldNames().forEachRemaining(names::add);
            }
            throw new ImportException(location + ": " + where(at) + "$ref: \"" + ref + "\" points to nothing in the manifest; expected "
                    + (parent.isObject() ? "one of " + ref.substring(0, ref.lastIndexOf('/') + 1) + "{" + names + "}" : "a path to a definition"));
        }
        return target;
    }

    private static String where(String at) {
        return at.isEmpty() ? "" : at + ".";
    }

    /** Passes {@code $parameters} down and fills {@code {{ parameters.x }}} with them. */
    private static JsonNode propagate(JsonNode node, ObjectNode inherited) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(propagate(n, inherited)));
            return out;
        }
        if (node.isTextual()) {
            return fill(node.asText(), inherited);
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode params = inherited.deepCopy();
        if (node.path("$parameters").isObject()) {
            node.get("$parameters").fields().forEachRemaining(e -> params.set(e.getKey(), fill(e.getValue(), inherited)));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("$parameters")) {
                out.set(e.getKey(), propagate(e.getValue(), params));
            }
        }
        if (!params.isEmpty()) {
            out.set("$parameters", params);
        }
        return out;
    }

    private static JsonNode fill(JsonNode value, ObjectNode params) {
        return value.isTextual() ? fill(value.asText(), params) : value;
    }

    /** Text with its parameter templates filled; a text that is one such template takes the parameter's value as it is (a list stays a list). */
    private static JsonNode fill(String text, ObjectNode params) {
        Matcher whole = PARAMETER.matcher(text.strip());
        if (whole.matches() && params.has(name(whole))) {
            return params.get(name(whole));
        }
        Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = params.get(name(m));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value.asText()));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static String name(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }
}
