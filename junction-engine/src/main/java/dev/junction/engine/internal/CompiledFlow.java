package dev.junction.engine.internal;

import dev.junction.flow.FlowExpressions;
import dev.junction.flow.JsonSchemaCheck;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FlowSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a flow, ready to run: its expressions, schemas and map steps compiled once and
 * shared by every execution on that version. Immutable; thread-safe.
 */
public final class CompiledFlow {
    private final FlowSpec spec;
    private final int version;
    private final FlowExpressions expressions;
    private final JsonSchemaCheck input;
    private final JsonSchemaCheck output;
    private final Map<String, Mapper> mappers;

    public CompiledFlow(FlowSpec spec, int version) {
        this.spec = spec;
        this.version = version;
        this.expressions = new FlowExpressions(spec.limits());
        this.input = spec.input() == null ? null : JsonSchemaCheck.of(spec.input());
        this.output = spec.output() == null ? null : JsonSchemaCheck.of(spec.output());
        Map<String, Mapper> compiled = new HashMap<>();
        collect(spec.steps(), compiled);
        collect(spec.onError().compensate(), compiled);
        spec.policies().values().forEach(p -> collect(p.onError() == null ? List.of() : p.onError().compensate(), compiled));
        this.mappers = Map.copyOf(compiled);
    }

    private static void collect(List<FlowSpec.Step> steps, Map<String, Mapper> into) {
        for (FlowSpec.Step step : steps) {
            if (step instanceof FlowSpec.MapStep map) {
                into.put(map.name(), Mapper.compile(map.mapping()));
            } else if (step instanceof FlowSpec.Branch branch) {
                collect(branch.then(), into);
                collect(branch.otherwise(), into);
            } else if (step instanceof FlowSpec.ForEach forEach) {
                collect(forEach.steps(), into);
            }
        }
    }

    public FlowSpec spec() {
        return spec;
    }

    public int version() {
        return version;
    }

    public FlowExpressions expressions() {
        return expressions;
    }

    /** The input schema; null when the flow declares none. */
    public JsonSchemaCheck input() {
        return input;
    }

    /** The output schema; null when the flow declares none. */
    public JsonSchemaCheck output() {
        return output;
    }

    Mapper mapper(String step) {
        return mappers.get(step);
    }
}
