package dev.junction.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.json.JsonPath;
import dev.junction.spec.ErrorRuleSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A connector's (or one stream's or action's) {@code errors:} rules, compiled once. A response that
 * matches a rule is classified by the rule, whatever its status: a GraphQL {@code errors} array in a
 * 200 becomes PERMANENT, a 400 with a known "try again" code becomes RETRYABLE. Rules are tried in
 * order; the first match wins. Immutable and thread-safe.
 */
public final class ErrorRules {
    private static final ErrorRules NONE = new ErrorRules(List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a matching rule says about a response. {@code message} is the provider's text at the rule's path, or null. */
    public record Match(ApiError.Category category, String message) {}

    private record Rule(Integer status, JsonPath bodyPath, Object equals, Pattern bodyMatches, ApiError.Category as, JsonPath message) {}

    private final List<Rule> rules;

    private ErrorRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static ErrorRules none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException when a path, pattern or category is malformed (the loader
     *     refuses those first)
     */
    public static ErrorRules of(List<ErrorRuleSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (ErrorRuleSpec spec : specs) {
            ApiError.Category as = switch (spec.as() == null ? "" : spec.as().toLowerCase(Locale.ROOT)) {
                case "permanent" -> ApiError.Category.PERMANENT;
                case "retryable" -> ApiError.Category.RETRYABLE;
                case "auth" -> ApiError.Category.AUTH;
                default -> throw new IllegalArgumentException("errors: 'as' must be permanent, retryable or auth, was '" + spec.as() + "'");
            };
            rules.add(new Rule(spec.status(), path(spec.bodyPath()), spec.equals(),
                    spec.bodyMatches() == null ? null : Pattern.compile(spec.bodyMatches()), as, path(spec.message())));
        }
        return new ErrorRules(List.copyOf(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** {@code first}'s rules, then this one's: the more specific rules (a stream's) go first. */
    public ErrorRules after(ErrorRules first) {
        if (first == null || first.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return first;
        }
        List<Rule> all = new ArrayList<>(first.rules);
        all.addAll(rules);
        return new ErrorRules(List.copyOf(all));
    }

    /** The first rule that matches, or null. */
    public Match match(HttpResponse response) {
        if (rules.isEmpty()) {
            return null;
        }
        String text = null;
        JsonNode body = null;
        boolean parsed = false;
        for (Rule rule : rules) {
            if (rule.status() != null && rule.status() != response.status()) {
                continue;
            }
            if (text == null) {
                text = response.bodyText();
            }
            if (rule.bodyMatches() != null && !rule.bodyMatches().matcher(text).find()) {
                continue;
            }
            if (rule.bodyPath() != null || rule.message() != null) {
                if (!parsed) {
                    body = parse(text);
                    parsed = true;
                }
                if (rule.bodyPath() != null && (body == null || !matches(rule, rule.bodyPath().find(body)))) {
                    continue;
                }
            }
            return new Match(rule.as(), message(rule.message(), body));
        }
        return null;
    }

    private static boolean matches(Rule rule, JsonNode value) {
        if (rule.equals() == null) {
            return present(value);
        }
        return switch (rule.equals()) {
            case Boolean b -> value.isBoolean() && value.booleanValue() == b;
            case Long n -> value.isIntegralNumber() && value.canConvertToLong() && value.longValue() == n
                    || value.isTextual() && value.asText().equals(n.toString());
            case Double d -> value.isNumber() && value.doubleValue() == d;
            default -> value.isValueNode() && !value.isNull() && value.asText().equals(rule.equals().toString());
        };
    }

    /** Present and not null, false, empty text or an empty list or object. */
    private static boolean present(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return !value.isContainerNode() || !value.isEmpty();
    }

    private static String message(JsonPath path, JsonNode body) {
        if (path == null || body == null) {
            return null;
        }
        JsonNode node = path.find(body);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static JsonPath path(String text) {
        return text == null || text.isBlank() ? null : JsonPath.parse(text);
    }

    @Override
    public String toString() {
        return rules.size() + " error rule(s)";
    }
}
