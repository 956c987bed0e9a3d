package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.ApiError;
import dev.junction.http.ErrorRules;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GraphQL errors as normalized errors. A GraphQL server answers most errors with HTTP 200 and an
 * {@code errors} array; an answer with errors and no usable data is an error, classified by the
 * errors' codes ({@code extensions.code}, else {@code extensions.classification} or {@code type}):
 * UNAUTHENTICATED, UNAUTHORIZED and FORBIDDEN are AUTH; BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED,
 * GRAPHQL_PARSE_FAILED (graphql-java: ValidationError, InvalidSyntax) and errors without any code
 * are PERMANENT; every other code is RETRYABLE. Of several errors the strongest wins (AUTH, then
 * PERMANENT). An answer whose data is usable (for a stream: an array at its records path; for an
 * action: data with a field that is not null) is not an error here: its errors are only reported
 * ({@link GraphQlCalls#warnPartial}). A non-2xx answer is classified only by a code meaning AUTH or
 * PERMANENT; otherwise its status decides as usual. Used as a fallback of the operation's error rules, so declared {@code errors:}
 * rules decide first. Thread-safe.
 */
final class GraphQlErrors implements ErrorRules.Classifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> AUTH = Set.of("UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN");
    private static final Set<String> PERMANENT = Set.of("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED",
            "VALIDATIONERROR", "INVALIDSYNTAX");
    private static final int MESSAGES = 3;

    private final JsonPath records;

    /** @param records the stream's records path, or null for an action */
    GraphQlErrors(JsonPath records) {
        this.records = records;
    }

    @Override
    public ErrorRules.Match classify(HttpResponse response) {
        JsonNode root = parse(response);
        if (root == null) {
            return null;
        }
        JsonNode errors = root.path("errors");
        if (!errors.isArray() || errors.isEmpty() || usable(root)) {
            return null;
        }
        ApiError.Category category = null;
        for (JsonNode error : errors) {
            category = stronger(category, category(code(error)));
        }
        if (!response.isSuccessful() && (codes(errors).isEmpty() || category == ApiError.Category.RETRYABLE)) {
            return null; // a code that says no more than the status does: the status decides
        }
        String providerCode = null; // the code of the first error that decided the category: the error's provider code
        for (JsonNode error : errors) {
            if (providerCode == null && code(error) != null && category(code(error)) == category) {
                providerCode = code(error);
            }
        }
        return new ErrorRules.Match(category, messages(errors), "graphql_error", errors.toString(), providerCode);
    }

    /** Whether the answer holds data worth reading despite its errors. */
    private boolean usable(JsonNode root) {
        if (records != null) {
            return records.find(root).isArray();
        }
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            return false;
        }
        for (JsonNode field : data) {
            if (!field.isNull()) {
                return true;
            }
        }
        return false;
    }

    private static ApiError.Category stronger(ApiError.Category a, ApiError.Category b) {
        if (a == null) {
            return b;
        }
        if (a == ApiError.Category.AUTH || b == ApiError.Category.AUTH) {
            return ApiError.Category.AUTH;
        }
        return a == ApiError.Category.PERMANENT || b == ApiError.Category.PERMANENT ? ApiError.Category.PERMANENT : ApiError.Category.RETRYABLE;
    }

    static ApiError.Category category(String code) {
        if (code == null) {
            return ApiError.Category.PERMANENT; // a query the server refused (graphql-js validation errors carry no code)
        }
        String upper = code.toUpperCase(Locale.ROOT);
        if (AUTH.contains(upper)) {
            return ApiError.Category.AUTH;
        }
        return PERMANENT.contains(upper) ? ApiError.Category.PERMANENT : ApiError.Category.RETRYABLE;
    }

    /** The error's code: {@code extensions.code}, else {@code extensions.classification} (text or its {@code type}), else {@code type}. */
    static String code(JsonNode error) {
        JsonNode extensions = error.path("extensions");
        for (JsonNode candidate : List.of(extensions.path("code"), extensions.path("classification"), extensions.path("classification").path("type"),
                error.path("type"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return null;
    }

    private static List<String> codes(JsonNode errors) {
        List<String> out = new ArrayList<>();
        errors.forEach(e -> {
            String code = code(e);
            if (code != null) {
                out.add(code);
            }
        });
        return out;
    }

    /** The first few messages, each with its code: {@code Not logged in (UNAUTHENTICATED); ... (and 2 more errors)}. */
    static String messages(JsonNode errors) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(MESSAGES, errors.size()); i++) {
            JsonNode error = errors.get(i);
            String message = error.path("message").isTextual() ? error.path("message").asText() : error.isTextual() ? error.asText() : error.toString();
            String code = code(error);
            parts.add(code == null ? message : message + " (" + code + ")");
        }
        String more = errors.size() > MESSAGES ? " (and " + (errors.size() - MESSAGES) + " more errors)" : "";
        return String.join("; ", parts) + more;
    }

    static JsonNode parse(HttpResponse response) {
        String text = response.bodyText();
        if (text == null || text.isBlank() || !text.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }
}
