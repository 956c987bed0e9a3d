package dev.junction.mapping.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.json.WildcardPath;
import dev.junction.mapping.MappingException;
import dev.junction.spec.Conversion;
import dev.junction.spec.FieldMapping;
import java.util.HashMap;
import java.util.Map;

/**
 * The object form of a field, compiled: condition, source, default, conversions, value map. With a
 * {@code [*]} source the conversions and the value map apply to each element.
 */
final class Pipeline implements ValueReader {
    private final String target;
    private final String sourceText;
    private final Condition when;
    private final ValueReader source;
    private final boolean perElement;
    private final JsonNode fallback; // null: no default
    private final Converter[] converters;
    private final Conversion[] conversions;
    private final Map<String, JsonNode> lookup; // null: no value map
    private final FieldMapping.Lookup lookupSpec;

    private Pipeline(String target, FieldMapping.Pipeline spec) {
        this.target = target;
        this.sourceText = switch (spec.source()) {
            case FieldMapping.Path p -> "'" + p.path() + "'";
            case FieldMapping.Expression e -> "'= " + e.expression() + "'";
            default -> "the source";
        };
        this.when = spec.when() == null ? null : Condition.compile(target, spec.when());
        this.source = Values.compile(target, spec.source());
        this.perElement = spec.source() instanceof FieldMapping.Path p && WildcardPath.parse(p.path()).hasWildcard();
        this.fallback = spec.hasDefault() ? Values.constant(spec.defaultValue()) : null;
        this.conversions = spec.convert().toArray(Conversion[]::new);
        this.converters = new Converter[conversions.length];
        for (int i = 0; i < conversions.length; i++) {
            converters[i] = Converter.compile(conversions[i]);
        }
        this.lookupSpec = spec.lookup();
        if (spec.lookup() == null) {
            this.lookup = null;
        } else {
            this.lookup = new HashMap<>();
            spec.lookup().values().forEach((k, v) -> lookup.put(k, Values.constant(v)));
        }
    }

    static ValueReader compile(String target, FieldMapping.Pipeline spec) {
        return new Pipeline(target, spec);
    }

    @Override
    public JsonNode read(Scope scope) {
        if (when != null && !when.test(scope)) {
            return null;
        }
        JsonNode value = source.read(scope);
        boolean absent = value == null || value.isMissingNode();
        if (absent || value.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            if (lookup == null || lookupSpec.unknown() == FieldMapping.Unknown.PASS) {
                return value;
            }
            throw new MappingException(target, "no value at " + sourceText + " to look up in " + mapName() + ", and no default");
        }
        if (perElement && value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
            for (JsonNode element : value) {
                out.add(element.isNull() ? nullElement() : transform(element));
            }
            return out;
        }
        return transform(value);
    }

    private JsonNode transform(JsonNode value) {
        for (int i = 0; i < converters.length; i++) {
            try {
                value = converters[i].apply(value);
            } catch (Converter.Failure e) {
                throw new MappingException(target, conversions[i].describe() + " cannot convert " + JsonValues.show(value) + " at " + sourceText + ": " + e.getMessage());
            }
        }
        if (lookup == null) {
            return value;
        }
        String key = Values.key(value);
        JsonNode out = lookup.get(key);
        if (out != null) {
            return out;
        }
        if (lookupSpec.unknown() == FieldMapping.Unknown.PASS) {
            return value;
        }
        if (lookupSpec.unknown() == FieldMapping.Unknown.DEFAULT && fallback != null) {
            return fallback;
        }
        throw new MappingException(target, "value '" + key + "' at " + sourceText + " is not in " + mapName() + " "
                + lookupSpec.values().keySet() + (fallback == null ? " and there is no default" : " (unknown: error)"));
    }

    private JsonNode nullElement() {
        if (lookup == null || lookupSpec.unknown() == FieldMapping.Unknown.PASS) {
            return NullNode.getInstance();
        }
        if (fallback != null) {
            return fallback;
        }
        throw new MappingException(target, "a null element at " + sourceText + " cannot be looked up in " + mapName() + ", and there is no default");
    }

    private String mapName() {
        if (lookupSpec.name() == null) {
            return "the value map";
        }
        return "value map '" + lookupSpec.name() + "'" + (lookupSpec.reverse() ? " (reversed)" : "");
    }

    /** A compiled {@code when}. */
    interface Condition {
        boolean test(Scope scope);

        static Condition compile(String target, FieldMapping.Condition spec) {
            return switch (spec) {
                case FieldMapping.Predicate p -> {
                    JsonataCall call = new JsonataCall(p.expression());
                    yield scope -> {
                        try {
                            return Jsonata.boolize(call.evaluate(scope));
                        } catch (JsonataCall.Failure e) {
                            throw new MappingException(target, "condition '= " + call.text() + "' failed: " + e.getMessage());
                        }
                    };
                }
                case FieldMapping.Equals eq -> {
                    ValueReader path = Values.path(eq.path());
                    JsonNode expected = Values.constant(eq.value());
                    yield scope -> {
                        JsonNode found = path.read(scope);
                        if (found.isNumber() && expected.isNumber()) {
                            try {
                                return found.decimalValue().compareTo(expected.decimalValue()) == 0;
                            } catch (NumberFormatException notFinite) {
                                return found.doubleValue() == expected.doubleValue();
                            }
                        }
                        return found.equals(expected);
                    };
                }
            };
        }
    }
}
