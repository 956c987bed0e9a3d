package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import dev.junction.template.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the templates of one connector at load time: each must parse, and each variable must be
 * {@code config.<declared field>} or {@code secrets.<declared secret>}. Secrets are allowed only
 * where {@code secretsAllowed} (auth values and headers), so they never end up in a logged URL.
 */
public final class TemplateCheck {
    private final List<String> configVariables = new ArrayList<>();
    private final List<String> secretVariables = new ArrayList<>();
    private final List<String> known = new ArrayList<>();
    private final List<String> partitionPrefixes = new ArrayList<>();
    private final Problems problems;

    public TemplateCheck(Iterable<String> configFields, Iterable<String> secretFields, Problems problems) {
        configFields.forEach(f -> configVariables.add("config." + f));
        secretFields.forEach(f -> secretVariables.add("secrets." + f));
        known.addAll(configVariables);
        known.addAll(secretVariables);
        this.problems = problems;
    }

    /** The declared secrets as template variables: {@code secrets.NAME}, in declaration order. */
    public List<String> secretVariables() {
        return List.copyOf(secretVariables);
    }

    /**
     * This check, also allowing a partitioned stream's variables: {@code parent.FIELD} when
     * {@code parent}, {@code slice.start} and {@code slice.end} when {@code slice}.
     */
    public TemplateCheck forPartitions(boolean parent, boolean slice) {
        if (!parent && !slice) {
            return this;
        }
        TemplateCheck out = new TemplateCheck(List.of(), List.of(), problems);
        out.configVariables.addAll(configVariables);
        out.secretVariables.addAll(secretVariables);
        out.known.addAll(known);
        if (parent) {
            out.partitionPrefixes.add("parent.");
            out.known.add("parent.FIELD");
        }
        if (slice) {
            out.configVariables.addAll(List.of("slice.start", "slice.end"));
            out.known.addAll(List.of("slice.start", "slice.end"));
        }
        return out;
    }

    /** Checks {@code text} written at {@code location} ({@code path}); null text is ignored. */
    public void check(String text, SourceLocation location, String path, boolean secretsAllowed) {
        check(text, location, path, secretsAllowed, List.of());
    }

    /**
     * Like {@link #check(String, SourceLocation, String, boolean)}, with more variables known here:
     * a name such as {@code cursor}, or a prefix ending in a dot such as {@code record.} for any
     * variable under it.
     */
    public void check(String text, SourceLocation location, String path, boolean secretsAllowed, List<String> extra) {
        if (text == null) {
            return;
        }
        Template template;
        try {
            template = Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(location, path, e.getMessage());
            return;
        }
        for (String variable : template.variables()) {
            if (extra.stream().anyMatch(e -> e.endsWith(".") ? variable.startsWith(e) : e.equals(variable))) {
                continue;
            }
            if (secretVariables.contains(variable)) {
                if (!secretsAllowed) {
                    problems.add(location, path, "secret '" + variable
                            + "' cannot be used here; secrets may appear only in auth and headers, so that they never show up in logged URLs");
                }
            } else if (variable.startsWith("record.") && !configVariables.contains(variable)) {
                problems.add(location, path, "'" + variable + "' cannot be used here; record values fill only the request.path, request.query and"
                        + " request.headers of an action without batch settings (one record per call, such as DELETE /users/{{ record.id }}), and a"
                        + " SOAP action's soap.body");
            } else if (!configVariables.contains(variable) && partitionPrefixes.stream().noneMatch(variable::startsWith)) {
                List<String> all = new ArrayList<>(extra.stream().map(e -> e.endsWith(".") ? e + "*" : e).toList());
                all.addAll(known);
                problems.add(location, path, "unknown template variable '" + variable + "'" + DidYouMean.hint(variable, all)
                        + " (known: " + (all.isEmpty() ? "none; declare fields under config or secrets" : String.join(", ", all)) + ")");
            }
        }
    }

    /** Checks the text of {@code key} in {@code fields}, at its value's location. */
    public void check(Fields fields, String key, String text, boolean secretsAllowed) {
        YamlNode node = fields.node(key);
        if (node != null) {
            check(text, node.location(), fields.child(key), secretsAllowed);
        }
    }

    /**
     * The mapping at {@code key} (query parameters, headers) as name to template, each value
     * checked; scalars are kept as written ({@code limit: 100} gives {@code "100"}). Empty when absent.
     */
    public Map<String, String> map(Fields parent, String key, boolean secretsAllowed) {
        return map(parent, key, secretsAllowed, List.of());
    }

    /** Like {@link #map(Fields, String, boolean)}, with more variables known (see {@link #check(String, SourceLocation, String, boolean, List)}). */
    public Map<String, String> map(Fields parent, String key, boolean secretsAllowed, List<String> extra) {
        Map<String, String> out = new LinkedHashMap<>();
        Fields map = parent.has(key) ? parent.fields(key, false) : null;
        if (map != null) {
            for (YamlNode.Entry entry : map.mapping().entries()) {
                String path = map.child(entry.key());
                String text = Fields.text(entry.value(), path, problems);
                check(text, entry.value().location(), path, secretsAllowed, extra);
                out.put(entry.key(), text);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Reports {@code text} at {@code key} unless it is a template whose every variable is a declared
     * secret, such as {@code "{{ secrets.password }}"}: credentials come from each connection's
     * secrets, never from the connector. Returns the text, or null when reported.
     */
    public String secretReference(Fields fields, String key, String text) {
        if (text == null) {
            return null;
        }
        Template template;
        try {
            template = Template.parse(text);
        } catch (IllegalArgumentException e) {
            return text; // reported by check()
        }
        if (template.variables().isEmpty() || template.variables().stream().anyMatch(v -> !v.startsWith("secrets."))) {
            fields.problem(key, "expected a reference to a declared secret such as \"{{ secrets." + key + " }}\", found '"
                    + (template.variables().isEmpty() ? "literal text" : text)
                    + "'; credentials come from each connection's secrets, never from the connector");
            return null;
        }
        return text;
    }
}
