package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.importer.ImportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a GraphQL introspection result ({@code __schema}) the importer reads: the root
 * operation types and every named type with its fields, arguments and input fields. Type references
 * keep their wrappers ({@code [Task!]!}) so a query can declare its variables exactly as the schema
 * does.
 */
public final class GraphQlSchema {
    final String queryType;
    final String mutationType;
    final String description;
    final Map<String, Type> types = new LinkedHashMap<>();

    /** A named type: {@code kind} is OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT or SCALAR. */
    record Type(String kind, String name, String description, List<Field> fields, List<Arg> inputFields) {}

    /** A field of an object or interface type, with its arguments. */
    record Field(String name, String description, List<Arg> args, Ref type, boolean deprecated) {
        /** Whether the field can be selected without arguments (none of them required). */
        boolean selectable() {
            return args.stream().noneMatch(Arg::required);
        }

        Arg arg(String argName) {
            return args.stream().filter(a -> a.name().equals(argName)).findFirst().orElse(null);
        }
    }

    /** An argument or an input field; {@code defaultValue} is the GraphQL literal ({@code "20"}), or null. */
    record Arg(String name, Ref type, String defaultValue) {
        boolean required() {
            return type.kind().equals("NON_NULL") && defaultValue == null;
        }
    }

    /** A type reference: a named type, or NON_NULL / LIST around another reference. */
    record Ref(String kind, String name, Ref ofType) {
        /** The named type inside the wrappers. */
        String named() {
            return ofType == null ? name : ofType.named();
        }

        /** Whether it is a list (under a NON_NULL, if any). */
        boolean isList() {
            return kind.equals("LIST") || (kind.equals("NON_NULL") && ofType != null && ofType.kind().equals("LIST"));
        }

        /** The GraphQL notation, for a variable declaration: {@code [Task!]!}. */
        String text() {
            return switch (kind) {
                case "NON_NULL" -> ofType == null ? name : ofType.text() + "!";
                case "LIST" -> "[" + (ofType == null ? name : ofType.text()) + "]";
                default -> name;
            };
        }
    }

    private GraphQlSchema(String queryType, String mutationType, String description) {
        this.queryType = queryType;
        this.mutationType = mutationType;
        this.description = description;
    }

    /**
     * Reads an introspection result: {@code {"data": {"__schema": ...}}} or the bare
     * {@code {"__schema": ...}}.
     *
     * @throws ImportException naming what was expected when it is not one
     */
    public static GraphQlSchema read(String location, JsonNode root) {
        JsonNode schema = root.path("data").path("__schema");
        if (schema.isMissingNode()) {
            schema = root.path("__schema");
        }
        if (!schema.isObject()) {
            JsonNode errors = root.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                throw new ImportException(location + ": the introspection answer holds errors and no schema: " + errors.get(0).path("message").asText("(no message)")
                        + "; expected data.__schema (an endpoint that refuses introspection or needs credentials: save its result with them and import the file)");
            }
            throw new ImportException(location + ": not a GraphQL introspection result: expected {\"data\": {\"__schema\": ...}} or {\"__schema\": ...}"
                    + " (the answer to the standard introspection query), found " + keys(root)
                    + (root.has("openapi") || root.has("swagger") ? "; this looks like OpenAPI: use junction import openapi" : ""));
        }
        if (!schema.path("types").isArray() || !schema.path("queryType").isObject()) {
            throw new ImportException(location + ": __schema has no 'types' array or no 'queryType'; expected the answer to the standard introspection query");
        }
        GraphQlSchema out = new GraphQlSchema(schema.path("queryType").path("name").asText("Query"),
                schema.path("mutationType").isObject() ? schema.path("mutationType").path("name").asText(null) : null,
                text(schema.path("description")));
        for (JsonNode t : schema.path("types")) {
            String name = t.path("name").asText("");
            if (name.isEmpty() || name.startsWith("__")) {
                continue;
            }
            List<Field> fields = new ArrayList<>();
            for (JsonNode f : t.path("fields")) {
                fields.add(new Field(f.path("name").asText(), text(f.path("description")), args(f.path("args")), ref(f.path("type")),
                        f.path("isDeprecated").asBoolean(false)));
            }
            out.types.put(name, new Type(t.path("kind").asText(""), name, text(t.path("description")), fields, args(t.path("inputFields"))));
        }
        if (!out.types.containsKey(out.queryType)) {
            throw new ImportException(location + ": __schema names the query type '" + out.queryType + "' but does not list it among its types");
        }
        return out;
    }

    Type type(String name) {
        return name == null ? null : types.get(name);
    }

    /** The fields of the query or mutation type, or none. */
    List<Field> rootFields(String typeName) {
        Type t = type(typeName);
        return t == null ? List.of() : t.fields();
    }

    /** An object or interface type with fields. */
    boolean isComposite(Ref ref) {
        Type t = type(ref.named());
        return t != null && (t.kind().equals("OBJECT") || t.kind().equals("INTERFACE"));
    }

    /** A scalar or an enum (a leaf: selected without braces). */
    boolean isLeaf(Ref ref) {
        Type t = type(ref.named());
        String kind = t == null ? scalarKind(ref.named()) : t.kind();
        return kind.equals("SCALAR") || kind.equals("ENUM");
    }

    /** A Relay connection: an object with {@code pageInfo} and {@code nodes} or {@code edges}. */
    boolean isConnection(Ref ref) {
        Type t = type(ref.named());
        if (t == null || ref.isList() || !t.kind().equals("OBJECT")) {
            return false;
        }
        return field(t, "pageInfo") != null && (field(t, "nodes") != null || field(t, "edges") != null);
    }

    static Field field(Type t, String name) {
        return t == null ? null : t.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    private static String scalarKind(String name) {
        return List.of("ID", "String", "Int", "Float", "Boolean").contains(name) ? "SCALAR" : "";
    }

    private static List<Arg> args(JsonNode list) {
        List<Arg> out = new ArrayList<>();
        for (JsonNode a : list) {
            out.add(new Arg(a.path("name").asText(), ref(a.path("type")), text(a.path("defaultValue"))));
        }
        return out;
    }

    private static Ref ref(JsonNode t) {
        if (!t.isObject()) {
            return new Ref("SCALAR", "String", null);
        }
        JsonNode of = t.path("ofType");
        return new Ref(t.path("kind").asText("SCALAR"), text(t.path("name")), of.isObject() ? ref(of) : null);
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    private static String keys(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(n -> {
            if (names.size() < 8) {
                names.add(n);
            }
        });
        return names.isEmpty() ? "no keys" : "keys " + String.join(", ", names);
    }
}
