package dev.junction.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.ReadOptions;
import dev.junction.connector.SecretResolver;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.json.JsonPath;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.PaginationSpec;
import dev.junction.spec.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's declared fields, read through its connector's discovery request (one request, no
 * pagination, with the connection's auth, rate limit, retries and exchange log), and merged into
 * the stream's schema for that connection. For example, HubSpot's custom contact properties:
 *
 * <pre>{@code
 * streams:
 *   contacts:
 *     request: { path: /crm/v3/objects/contacts }
 *     discovery:
 *       request: { path: /crm/v3/properties/contacts }
 *       fields: "$.results"     # the list of fields in the response
 *       name: name              # in each entry: the field's name...
 *       type: type              # ...and its type (optional)
 *       under: properties       # the fields sit under record.properties
 * }</pre>
 *
 * Type names map to JSON Schema as in {@link #TYPES}; an unknown or missing type gives a field
 * that allows any value until a run sees one.
 */
public final class FieldDiscovery {
    private FieldDiscovery() {}

    /** A declared field: its name and the API's own type name (null when the API gives none). */
    public record Field(String name, String type) {}

    /** API type names (lower case) and the JSON Schema they become; {@code type/format} adds a format. */
    public static final Map<String, String> TYPES = typeTable();

    /**
     * Reads the declared fields of {@code stream}.
     *
     * @throws JunctionException when the stream declares no discovery request, the request fails (the
     *     cause is the {@link dev.junction.http.ApiException}) or an entry has no name
     */
    public static List<Field> read(ConnectorSpec connector, ConnectionSpec connection, String stream, SecretResolver secrets,
            PipelineOptions options) {
        StreamSpec spec = connector.streams() == null ? null : connector.streams().get(stream);
        if (spec == null) {
            throw new JunctionException("connector '" + connector.name() + "' has no stream '" + stream + "'");
        }
        StreamSpec.DiscoverySpec discovery = spec.discovery();
        if (discovery == null) {
            throw new JunctionException("stream '" + stream + "' of connector '" + connector.name() + "' declares no discovery request");
        }
        String named = stream + ".discovery"; // so errors name the discovery request, not the stream's own
        StreamSpec request = new StreamSpec(named, discovery.request(), discovery.fields(), null, new PaginationSpec.None(), null, 1, spec.errors());
        // hooks and TLS settings apply to the discovery request as to every other
        ConnectorSpec only = connector.withOperations(Map.of(named, request), Map.of());
        JsonPath name = JsonPath.parse(discovery.name());
        JsonPath type = discovery.type() == null ? null : JsonPath.parse(discovery.type());
        List<Field> fields = new ArrayList<>();
        try (ConnectionClient client = ConnectionClient.create(only, connection, secrets, options)) {
            Page page;
            try {
                page = client.readStream(named, ReadOptions.full(CallContext.of(connection.name()))).nextPage().orElse(null);
            } catch (dev.junction.http.ApiException e) {
                throw new JunctionException("discovery of stream '" + stream + "' of connection '" + connection.name() + "' failed: " + e.getMessage(), e);
            }
            List<JsonNode> entries = page == null ? List.of() : page.records();
            for (int i = 0; i < entries.size(); i++) {
                JsonNode n = name.find(entries.get(i));
                if (n == null || !n.isValueNode() || n.isNull() || n.asText().isBlank()) {
                    throw new JunctionException("discovery of stream '" + stream + "' of connection '" + connection.name() + "': field entry " + i
                            + " has no name at '" + discovery.name() + "'; expected a string, such as {\"" + discovery.name() + "\": \"plan\"}");
                }
                JsonNode t = type == null ? null : type.find(entries.get(i));
                fields.add(new Field(n.asText(), t == null || !t.isValueNode() || t.isNull() ? null : t.asText()));
            }
        }
        return List.copyOf(fields);
    }

    /**
     * Adds the declared fields that {@code schema} does not list yet under {@code under} (a dotted
     * path; null for the record itself), each marked {@code "x-discovered": true} and not required.
     * Fields the schema already lists keep their inferred schema. Returns a new schema.
     */
    public static ObjectNode merge(ObjectNode schema, List<Field> fields, String under) {
        ObjectNode merged = schema.deepCopy();
        ObjectNode level = merged;
        if (under != null) {
            for (String segment : under.split("\\.")) {
                ObjectNode properties = properties(level);
                JsonNode child = properties.get(segment);
                ObjectNode next;
                if (child instanceof ObjectNode existing) {
                    next = existing;
                } else {
                    next = properties.putObject(segment);
                    next.put("type", "object");
                }
                level = next;
            }
        }
        ObjectNode properties = properties(level);
        for (Field f : fields) {
            if (!properties.has(f.name())) {
                ObjectNode field = properties.putObject(f.name());
                String mapped = f.type() == null ? null : TYPES.get(f.type().toLowerCase(Locale.ROOT));
                if (mapped != null) {
                    String[] parts = mapped.split("/");
                    field.put("type", parts[0]);
                    if (parts.length > 1) {
                        field.put("format", parts[1]);
                    }
                }
                field.put("x-discovered", true);
            }
        }
        sortProperties(level);
        return merged;
    }

    private static ObjectNode properties(ObjectNode level) {
        return level.get("properties") instanceof ObjectNode p ? p : level.putObject("properties");
    }

    private static void sortProperties(ObjectNode level) {
        ObjectNode properties = properties(level);
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        properties.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        properties.removeAll();
        properties.setAll(sorted);
        if (level.get("required") instanceof ArrayNode) {
            JsonNode required = level.remove("required");
            level.set("required", required); // keep required after properties
        }
    }

    private static Map<String, String> typeTable() {
        Map<String, String> t = new TreeMap<>();
        for (String s : List.of("string", "text", "textarea", "enumeration", "select", "radio", "phone_number", "phone", "id", "picklist")) {
            t.put(s, "string");
        }
        t.put("email", "string/email");
        t.put("url", "string/uri");
        t.put("uri", "string/uri");
        for (String s : List.of("number", "decimal", "float", "double", "currency", "percent")) {
            t.put(s, "number");
        }
        for (String s : List.of("integer", "int", "long")) {
            t.put(s, "integer");
        }
        for (String s : List.of("bool", "boolean", "booleancheckbox", "checkbox")) {
            t.put(s, "boolean");
        }
        t.put("date", "string/date");
        for (String s : List.of("datetime", "date-time", "date_time", "timestamp")) {
            t.put(s, "string/date-time");
        }
        for (String s : List.of("array", "multiselect", "multipicklist")) {
            t.put(s, "array");
        }
        for (String s : List.of("object", "json")) {
            t.put(s, "object");
        }
        return java.util.Collections.unmodifiableMap(t);
    }
}
