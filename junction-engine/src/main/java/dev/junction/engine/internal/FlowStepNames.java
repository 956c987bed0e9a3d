package dev.junction.engine.internal;

import dev.junction.spec.FlowSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The names of a flow's steps, branches' steps included, in document order: what a retry matches stored steps by. */
public final class FlowStepNames {
    private FlowStepNames() {}

    public static Set<String> of(FlowSpec flow) {
        Set<String> names = new LinkedHashSet<>();
        collect(flow.steps(), names);
        return names;
    }

    private static void collect(List<FlowSpec.Step> steps, Set<String> into) {
        for (FlowSpec.Step step : steps) {
            into.add(step.name());
            if (step instanceof FlowSpec.Branch branch) {
                collect(branch.then(), into);
                collect(branch.otherwise(), into);
            }
        }
    }
}
