package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import java.io.IOException;
import java.util.List;

/**
 * Sits between the exchange log and the transport of token requests: every token in a token
 * endpoint's answer becomes a known secret before the exchange is logged, so the log never holds it.
 */
public final class TokenCapture implements Interceptor {
    private static final List<String> TOKEN_FIELDS = List.of("access_token", "refresh_token", "id_token");

    private final Redactor redactor;
    private final ObjectMapper json;

    public TokenCapture(Redactor redactor, ObjectMapper json) {
        this.redactor = redactor;
        this.json = json;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpResponse response = chain.proceed(chain.request());
        try {
            JsonNode root = json.readTree(response.body());
            if (root != null && root.isObject()) {
                for (String field : TOKEN_FIELDS) {
                    JsonNode value = root.get(field);
                    if (value != null && value.isTextual()) {
                        redactor.addSecret(value.asText());
                    }
                }
            }
        } catch (IOException notJson) {
            // nothing that looks like a token answer: nothing to hide beyond the known secrets
        }
        return response;
    }

    @Override
    public String toString() {
        return "tokenCapture";
    }
}
