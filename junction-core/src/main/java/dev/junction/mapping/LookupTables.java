package dev.junction.mapping;

import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The lookup tables of one run, by the {@code lookup} field they serve (identical fields share one). */
public final class LookupTables {
    private static final LookupTables NONE = new LookupTables(Map.of());
    private final Map<FieldMapping.StreamLookup, LookupTable> tables;

    private LookupTables(Map<FieldMapping.StreamLookup, LookupTable> tables) {
        this.tables = tables;
    }

    public static LookupTables none() {
        return NONE;
    }

    public static LookupTables of(Collection<LookupTable> tables) {
        return new LookupTables(tables.stream().collect(Collectors.toUnmodifiableMap(LookupTable::spec, Function.identity(), (a, b) -> a)));
    }

    /** The table for {@code spec}, or null when the run has none. */
    public LookupTable find(FieldMapping.StreamLookup spec) {
        return tables.get(spec);
    }

    /** Every distinct {@code lookup} in a mapping, however deeply nested, in order of appearance. */
    public static List<FieldMapping.StreamLookup> required(List<FieldMapping> mapping) {
        Set<FieldMapping.StreamLookup> out = new LinkedHashSet<>();
        mapping.forEach(line -> collect(line.value(), out));
        return new ArrayList<>(out);
    }

    private static void collect(FieldMapping.Value value, Set<FieldMapping.StreamLookup> out) {
        switch (value) {
            case FieldMapping.StreamLookup l -> out.add(l);
            case FieldMapping.Pipeline p -> collect(p.source(), out);
            case FieldMapping.ObjectValue o -> o.fields().forEach(line -> collect(line.value(), out));
            case FieldMapping.ArrayValue a -> a.items().forEach(item -> collect(item, out));
            case FieldMapping.Each e -> collect(e.item(), out);
            case FieldMapping.Path p -> { }
            case FieldMapping.Constant c -> { }
            case FieldMapping.Remove r -> { }
            case FieldMapping.Expression e -> { }
            case FieldMapping.ValueMap m -> { }
        }
    }
}
