package dev.junction.spec.internal;

import dev.junction.spec.ErrorRuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an {@code errors:} list (connector, stream or action):
 *
 * <pre>
 * errors:
 *   - { when: { status: 200, bodyPath: "$.errors" }, as: permanent, message: "$.errors[0].message" }
 *   - { when: { bodyPath: "$.success", equals: false }, as: permanent }
 *   - { when: { status: 400, bodyPath: "$.code", equals: LOCK_TIMEOUT }, as: retryable }
 *   - { when: { bodyMatches: "&lt;(soap:)?Fault&gt;" }, as: permanent }
 * </pre>
 */
final class ErrorRulesReader {
    private ErrorRulesReader() {}

    /** The rules under {@code key} of {@code owner}; empty when absent. Bad rules are reported and left out. */
    static List<ErrorRuleSpec> read(Fields owner, String key) {
        YamlNode node = owner.node(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence list)) {
            owner.problem(key, "expected a list of rules such as '- { when: { status: 200, bodyPath: \"$.errors\" }, as: permanent }', found "
                    + node.describe());
            return List.of();
        }
        List<ErrorRuleSpec> rules = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            Fields rule = Fields.of(item, owner.child(key) + "[" + i + "]", item.location(), owner.problems());
            ErrorRuleSpec spec = rule == null ? null : rule(rule);
            if (spec != null) {
                rules.add(spec);
            }
        }
        return List.copyOf(rules);
    }

    private static ErrorRuleSpec rule(Fields rule) {
        rule.allow(Schema.ERROR_RULE);
        String as = rule.oneOf("as", Schema.ERROR_CATEGORIES, null);
        String message = rule.jsonPath("message", false);
        Fields when = rule.fields("when", true);
        if (when == null) {
            return null;
        }
        when.allow(Schema.ERROR_WHEN);
        if (when.mapping().entries().isEmpty()) {
            rule.problem("when", "expected at least one of " + String.join(", ", Schema.ERROR_WHEN) + ", found nothing");
            return null;
        }
        boolean ok = true;
        Integer status = null;
        if (when.has("status")) {
            YamlNode node = when.node("status");
            status = node instanceof YamlNode.Scalar s ? Fields.asInt(s) : null;
            if (status == null || status < 100 || status > 599) {
                when.problem("status", "expected an HTTP status code (100 to 599), found " + node.describe());
                ok = false;
            }
        }
        String bodyPath = when.jsonPath("bodyPath", false);
        ok &= bodyPath != null || !when.has("bodyPath");
        Object equals = null;
        if (when.has("equals")) {
            YamlNode node = when.node("equals");
            if (!(node instanceof YamlNode.Scalar s) || s.isNull()) {
                when.problem("equals", "expected a text, number or true/false, found " + node.describe());
                ok = false;
            } else if (!when.has("bodyPath")) {
                when.problem("equals", "needs bodyPath: the value at bodyPath is compared with it");
                ok = false;
            } else {
                equals = switch (s.value()) {
                    case Boolean b -> b;
                    case Integer n -> n.longValue();
                    case Long n -> n;
                    case Double d -> d;
                    default -> s.text();
                };
            }
        }
        String bodyMatches = when.string("bodyMatches", false);
        if (bodyMatches != null) {
            try {
                Pattern.compile(bodyMatches);
            } catch (PatternSyntaxException e) {
                when.problem("bodyMatches", "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
                ok = false;
            }
        }
        if (!ok || as == null || message == null && rule.has("message")) {
            return null;
        }
        return new ErrorRuleSpec(status, bodyPath, equals, bodyMatches, as, message);
    }
}
