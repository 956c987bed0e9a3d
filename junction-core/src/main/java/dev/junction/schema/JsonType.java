package dev.junction.schema;

/** The JSON Schema types, in the order a schema lists them ({@code null} always last). */
public enum JsonType {
    ARRAY("array"),
    BOOLEAN("boolean"),
    INTEGER("integer"),
    NUMBER("number"),
    OBJECT("object"),
    STRING("string");

    private final String jsonName;

    JsonType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The type named {@code name}, or null (also for {@code "null"}). */
    public static JsonType of(String name) {
        for (JsonType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
