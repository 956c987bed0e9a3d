package dev.junction.importer.internal;

import dev.junction.importer.internal.GraphQlSchema.Field;
import dev.junction.importer.internal.GraphQlSchema.Ref;
import dev.junction.importer.internal.GraphQlSchema.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a generated query selects of a record type, and the record shape that answer has: every
 * scalar and enum field, and each object field's scalars one level down ({@code team { id name }}).
 * Fields that need an argument ({@code avatarUrl(size: Int!)}) and nested Relay connections (they
 * page by themselves) are left out, so the query is valid and bounded; deeper objects would need
 * their own selection and are left to a human.
 */
final class GraphQlSelection {
    private final GraphQlSchema schema;

    /** The lines of a selection set (without the braces), and the shape of one selected record. */
    record Selected(List<String> lines, Shape shape, List<String> skipped) {}

    GraphQlSelection(GraphQlSchema schema) {
        this.schema = schema;
    }

    /** The selection of a record type: one field a line, a nested object's scalars on its line. */
    Selected of(String typeName) {
        Type type = schema.type(typeName);
        List<String> lines = new ArrayList<>();
        Map<String, Shape> props = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        if (type == null || type.fields().isEmpty()) {
            return new Selected(List.of("__typename"), Shape.object(Map.of(), typeName), List.of());
        }
        for (Field f : type.fields()) {
            if (!f.selectable()) {
                skipped.add(f.name() + " (takes required arguments)");
            } else if (schema.isLeaf(f.type())) {
                lines.add(f.name());
                props.put(f.name(), leafShape(f.type()));
            } else if (schema.isConnection(f.type())) {
                skipped.add(f.name() + " (a connection of its own)");
            } else if (schema.isComposite(f.type())) {
                List<String> inner = new ArrayList<>();
                Map<String, Shape> innerProps = new LinkedHashMap<>();
                for (Field g : schema.type(f.type().named()).fields()) {
                    if (g.selectable() && schema.isLeaf(g.type())) {
                        inner.add(g.name());
                        innerProps.put(g.name(), leafShape(g.type()));
                    }
                }
                if (inner.isEmpty()) {
                    skipped.add(f.name() + " (no scalar fields one level down)");
                    continue;
                }
                lines.add(f.name() + " { " + String.join(" ", inner) + " }");
                Shape nested = Shape.object(innerProps, f.type().named());
                props.put(f.name(), f.type().isList() ? Shape.array(nested) : nested);
            } else {
                skipped.add(f.name() + " (a union: select its types with fragments)");
            }
        }
        if (lines.isEmpty()) {
            lines.add("__typename");
        }
        return new Selected(lines, Shape.object(props, typeName), skipped);
    }

    /** A leaf's JSON shape: ID and String text, Int integer, Float number, Boolean, an enum text, another scalar any (its name as format). */
    Shape leafShape(Ref ref) {
        String name = ref.named();
        Shape one = switch (name) {
            case "ID", "String" -> Shape.scalar("string", null);
            case "Int" -> Shape.scalar("integer", null);
            case "Float" -> Shape.scalar("number", null);
            case "Boolean" -> Shape.scalar("boolean", null);
            default -> {
                Type t = schema.type(name);
                yield t != null && t.kind().equals("ENUM") ? Shape.scalar("string", name) : Shape.scalar(null, name);
            }
        };
        return ref.isList() ? Shape.array(one) : one;
    }

    /** The input fields of an input type as GraphQL: {@code title String!, status TaskStatus}. */
    static String describe(List<GraphQlSchema.Arg> fields) {
        StringJoiner joined = new StringJoiner(", ");
        fields.forEach(f -> joined.add(f.name() + " " + f.type().text()));
        return joined.toString();
    }
}
