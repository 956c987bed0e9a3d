package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which steps a flow's expressions may read at each point of reading the flow: {@code steps.NAME} of
 * a step written before, and of a step inside a forEach (which runs once per item) only from inside
 * that forEach. Step names are declared here as they are read (a second use of a name is a problem,
 * at its file:line), and every {@code steps.NAME} of an expression or a template is checked against
 * them, with the nearest name as a hint. One per {@link FlowReader}; its problems go to the reader's.
 */
final class FlowStepScope {
    private static final Pattern STEP_REFERENCE = Pattern.compile("\\bsteps\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final Problems problems;
    /** Step names in document order with where each is written, for duplicates and references. */
    private final Map<String, SourceLocation> declared = new HashMap<>();
    /** Steps that run once per item of a forEach (by the forEach's name): only steps inside it read them. */
    private final Map<String, String> perItem = new HashMap<>();
    /** How many forEach steps the steps being read are inside. */
    private int forEachDepth;

    FlowStepScope(Problems problems) {
        this.problems = problems;
    }

    /** Declares the step's name (null: none to declare), or reports it as a duplicate. */
    void declare(String name, Fields step) {
        if (name == null) {
            return;
        }
        SourceLocation earlier = perItem.containsKey(name) ? step.node("name").location() : declared.putIfAbsent(name, step.node("name").location());
        if (perItem.containsKey(name)) {
            step.problem("name", "duplicate step name '" + name + "'; a step inside forEach '" + perItem.get(name) + "' already uses it");
            return;
        }
        if (earlier != null) {
            step.problem("name", "duplicate step name '" + name + "'; it is already used at " + earlier);
        }
    }

    /** Whether the steps being read run once per item of a forEach. */
    boolean insideForEach() {
        return forEachDepth > 0;
    }

    /**
     * Reads the steps of forEach {@code name} (null when it has none) with {@code inner}; the names they
     * declare are then readable only inside it.
     */
    <T> T forEach(String name, Supplier<T> inner) {
        Set<String> before = new HashSet<>(declared.keySet());
        forEachDepth++;
        T read = inner.get();
        forEachDepth--;
        for (String declaredInside : new HashSet<>(declared.keySet())) {
            if (!before.contains(declaredInside)) {
                declared.remove(declaredInside);
                perItem.put(declaredInside, name == null ? "?" : name);
            }
        }
        return read;
    }

    /**
     * Checks every {@code "= ..."} string of a template value (any YAML) for step references.
     *
     * @param parse whether to report expressions that do not parse (a mapping's are reported by the mapping reader)
     */
    void checkTemplate(YamlNode node, String path, boolean parse) {
        switch (node) {
            case YamlNode.Scalar s when s.type() == YamlNode.ScalarType.STRING && s.text().startsWith("=") -> {
                String expression = s.text().substring(1).trim();
                String error = Expressions.jsonataError(expression);
                if (error != null && parse) {
                    problems.add(s.location(), path, error);
                } else if (error == null) {
                    checkReferences(expression, s.location(), path);
                }
            }
            case YamlNode.Mapping m -> m.entries().forEach(e -> checkTemplate(e.value(), YamlNode.child(path, e.key()), parse));
            case YamlNode.Sequence l -> {
                for (int i = 0; i < l.items().size(); i++) {
                    checkTemplate(l.items().get(i), path + "[" + i + "]", parse);
                }
            }
            default -> { }
        }
    }

    /** Every {@code steps.NAME} in {@code expression} must name a step written before it. */
    void checkReferences(String expression, SourceLocation location, String path) {
        Matcher m = STEP_REFERENCE.matcher(expression);
        Set<String> reported = new LinkedHashSet<>();
        while (m.find()) {
            String name = m.group(1);
            if (!declared.containsKey(name) && perItem.containsKey(name) && reported.add(name)) {
                problems.add(location, path, "reads steps." + name + ", but step '" + name + "' runs once per item of forEach '" + perItem.get(name)
                        + "'; read its results in steps." + perItem.get(name) + ".output.items instead");
            } else if (!declared.containsKey(name) && reported.add(name)) {
                problems.add(location, path, "reads steps." + name + ", but no step named '" + name + "' comes before this one"
                        + (declared.isEmpty() ? " (no step does)" : DidYouMean.hint(name, declared.keySet()) + " (earlier steps: "
                                + String.join(", ", declared.keySet()) + ")"));
            }
        }
    }
}
