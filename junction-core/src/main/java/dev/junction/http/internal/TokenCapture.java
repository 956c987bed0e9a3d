package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;

/**
 * Sits between the exchange log and the transport of token requests: every token in a token
 * endpoint's answer becomes a known secret before the exchange is logged, so the log never holds it.
 * Tokens are the text at the connector's {@code tokenResponse} places and, at any depth, under the
 * names token endpoints use ({@code access_token}, {@code refresh_token}, {@code id_token},
 * {@code token} and their camel-case forms: {@code {"data": {"access_token": ...}}} too).
 */
public final class TokenCapture implements Interceptor {
    private static final java.util.Set<String> TOKEN_FIELDS = java.util.Set.of("access_token", "refresh_token", "id_token", "token", "accessToken",
            "refreshToken", "idToken");
    /** How deep a token answer is searched by name. */
    private static final int DEPTH = 4;

    private final Redactor redactor;
    private final ObjectMapper json;
    private final TokenAnswer answer;

    public TokenCapture(Redactor redactor, ObjectMapper json) {
        this(redactor, json, TokenAnswer.of(null));
    }

    /** @param answer where the connector's token answers keep their tokens */
    public TokenCapture(Redactor redactor, ObjectMapper json, TokenAnswer answer) {
        this.redactor = redactor;
        this.json = json;
        this.answer = answer;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpResponse response = chain.proceed(chain.request());
        try {
            JsonNode root = json.readTree(response.body());
            if (root != null && root.isObject()) {
                answer.tokens(root).forEach(redactor::addSecret);
                byName(root, 0);
            }
        } catch (IOException notJson) {
            // nothing that looks like a token answer: nothing to hide beyond the known secrets
        }
        return response;
    }

    private void byName(JsonNode node, int depth) {
        if (depth > DEPTH) {
            return;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getValue().isTextual() && TOKEN_FIELDS.contains(field.getKey())) {
                    redactor.addSecret(field.getValue().asText());
                } else if (field.getValue().isContainerNode()) {
                    byName(field.getValue(), depth + 1);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> byName(item, depth + 1));
        }
    }

    @Override
    public String toString() {
        return "tokenCapture";
    }
}
