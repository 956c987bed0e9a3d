package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The config and secret fields of an Airbyte manifest's {@code spec.connection_specification}: each
 * top-level property is a config field (its type, default, description, and required when the spec
 * requires it), one with {@code airbyte_secret: true} a secret. A template naming a field the spec
 * does not declare gets an optional config field of that name, and a note.
 */
final class AirbyteFields {
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean");
    private final ApiDescription api;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> secret = new HashSet<>();

    AirbyteFields(ApiDescription api) {
        this.api = api;
    }

    /** Reads the spec's properties into the description's config and secrets. */
    void read(JsonNode spec) {
        JsonNode schema = spec.path("connection_specification");
        if (!schema.path("properties").isObject()) {
            api.needsHuman.add("spec.connection_specification has no properties: the manifest declares no config fields");
            return;
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        schema.get("properties").fields().forEachRemaining(e -> property(e.getKey(), e.getValue(), required.contains(e.getKey())));
    }

    private void property(String property, JsonNode p, boolean required) {
        String field = Names.field(property);
        names.put(property, field);
        Map<String, Object> keys = new LinkedHashMap<>();
        String where = "spec property " + property;
        String type = p.path("type").isArray() ? firstType(p.path("type")) : p.path("type").asText("string");
        if (p.path("airbyte_secret").asBoolean(false)) {
            secret.add(property);
            if (!required) {
                keys.put("required", false);
            }
            keys.put("description", description(p, property));
            api.secrets.put(field, keys);
            return;
        }
        if (!TYPES.contains(type)) {
            api.needsHuman.add(where + ": type " + type + " has no config field type; it is a string field here (a template sees text anyway)"
                    + (type.equals("object") ? "; its nested properties are not fields: flatten them by hand" : ""));
            type = "string";
        }
        keys.put("type", type);
        JsonNode def = p.get("default");
        if (def != null && def.isValueNode() && !def.isNull()) {
            keys.put("default", type.equals("string") ? def.asText() : def.isNumber() ? def.numberValue() : def.isBoolean() ? def.booleanValue() : def.asText());
        } else if (!required) {
            keys.put("required", false);
        }
        keys.put("description", description(p, property));
        api.config.put(field, keys);
    }

    private static String firstType(JsonNode types) {
        for (JsonNode t : types) {
            if (!t.asText().equals("null")) {
                return t.asText();
            }
        }
        return "string";
    }

    private static String description(JsonNode p, String property) {
        String text = p.path("description").asText(p.path("title").asText(property));
        return text.strip().replaceAll("\\s+", " ");
    }

    /** {@code config.x} or {@code secrets.x} for a property a template names; an undeclared one becomes an optional config field. */
    String reference(String property, String where) {
        if (!names.containsKey(property)) {
            String field = Names.field(property);
            names.put(property, field);
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("type", "string");
            keys.put("required", false);
            keys.put("description", "Named by the manifest (" + where + ") but not declared in its spec");
            api.config.put(field, keys);
            api.needsHuman.add(where + ": config['" + property + "'] is not a property of spec.connection_specification; it is an optional config field");
        }
        return (secret.contains(property) ? "secrets." : "config.") + names.get(property);
    }

    /**
     * Makes the field behind {@code config.FIELD} a secret: an OAuth credential names it, and the spec
     * does not mark it {@code airbyte_secret} (or declares no such property). Its type and default go
     * (a secret has neither). False when no such config field exists.
     */
    boolean makeSecret(String field) {
        String property = names.entrySet().stream().filter(e -> e.getValue().equals(field)).map(Map.Entry::getKey).findFirst().orElse(null);
        Map<String, Object> keys = property == null ? null : api.config.remove(field);
        if (keys == null) {
            return false;
        }
        secret.add(property);
        String undeclared = "config['" + property + "'] is not a property of spec.connection_specification; it is an optional config field";
        api.needsHuman.replaceAll(note -> note.endsWith(undeclared) ? note.replace("an optional config field", "an optional secret (a credential)") : note);
        keys.remove("type");
        keys.remove("default");
        keys.putIfAbsent("required", false);
        api.secrets.put(field, keys);
        return true;
    }

    /** Whether the text names a secret field (Junction keeps secrets out of URLs: paths, query values, the base URL). */
    static boolean namesSecret(String template) {
        return template != null && template.matches("(?s).*\\{\\{\\s*secrets\\..*");
    }
}
