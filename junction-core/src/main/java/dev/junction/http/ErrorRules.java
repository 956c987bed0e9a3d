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
    private static final ErrorRules NONE = new ErrorRules(List.of(), List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a matching rule says about a response. {@code message} is the provider's text at the
     * rule's path, or null; {@code code} and {@code detail}, when not null, replace the error's
     * usual code and provider detail (a protocol's classifier knows better, e.g. a SOAP fault code).
     * {@code providerCode}, when not null, is the provider's own code (a SOAP fault code); when null,
     * the classifier looks for one in the body's usual places.
     */
    public record Match(ApiError.Category category, String message, String code, String detail, String providerCode) {
        public Match(ApiError.Category category, String message) {
            this(category, message, null, null, null);
        }

        public Match(ApiError.Category category, String message, String code, String detail) {
            this(category, message, code, detail, null);
        }
    }

    /**
     * Classifies responses in code (a protocol's error shape, such as SOAP faults): returns the
     * match, or null when the response is not one of its errors. Thread-safe.
     */
    @FunctionalInterface
    public interface Classifier {
        Match classify(HttpResponse response);
    }

    private record Rule(Integer status, JsonPath bodyPath, Object equals, Pattern bodyMatches, ApiError.Category as, JsonPath message) {}

    private final List<Rule> rules;
    private final List<Classifier> fallbacks;

    private ErrorRules(List<Rule> rules, List<Classifier> fallbacks) {
        this.rules = rules;
        this.fallbacks = fallbacks;
    }

    /**
     * Rules made of one classifier, tried after every declared rule whatever the order they are
     * combined in: the declared {@code errors:} rules of a stream, an action or the connector
     * always win over a protocol's built-in classification.
     */
    public static ErrorRules fallback(Classifier classifier) {
        return new ErrorRules(List.of(), List.of(java.util.Objects.requireNonNull(classifier, "classifier")));
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
        return new ErrorRules(List.copyOf(rules), List.of());
    }

    public boolean isEmpty() {
        return rules.isEmpty() && fallbacks.isEmpty();
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
        List<Classifier> classifiers = new ArrayList<>(first.fallbacks);
        classifiers.addAll(fallbacks);
        return new ErrorRules(List.copyOf(all), List.copyOf(classifiers));
    }

    /** The first declared rule that matches, else the first fallback classifier's match, or null. */
    public Match match(HttpResponse response) {
        Match declared = declared(response);
        if (declared != null || fallbacks.isEmpty()) {
            return declared;
        }
        for (Classifier classifier : fallbacks) {
            Match match = classifier.classify(response);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    private Match declared(HttpResponse response) {
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

    /** JSON, or XML as the element tree below the root element (as {@code format: xml} reads it). */
    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        if (text.stripLeading().startsWith("<")) {
            return dev.junction.json.internal.XmlTrees.readOrNull(text);
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
        return rules.size() + " error rule(s)" + (fallbacks.isEmpty() ? "" : " and " + fallbacks.size() + " classifier(s)");
    }
}
