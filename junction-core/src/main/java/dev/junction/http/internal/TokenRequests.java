package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.util.Map;

/**
 * The token endpoint's POST for one grant's form (RFC 6749): the scopes added, the client
 * authenticated ({@link ClientAuthentication}: a basic header, the body, or a signed assertion), the
 * connector's {@code tokenParams} last, form-encoded; and whether the retry step may send it again.
 */
final class TokenRequests {
    private static final String GRANT_TYPE_URN = "urn:ietf:params:oauth:grant-type:";

    private final AuthSpec.OAuth2 spec;
    private final URI tokenUri;
    private final ClientAuthentication client;

    TokenRequests(AuthSpec.OAuth2 spec, URI tokenUri, ClientAuthentication client) {
        this.spec = spec;
        this.tokenUri = tokenUri;
        this.client = client;
    }

    /**
     * The request for {@code form} (its {@code grant_type} and the grant's own fields), to which it
     * adds the scope, the client and the connector's {@code tokenParams} (one naming {@code grant_type}
     * replaces the grant's).
     */
    HttpRequest post(Map<String, String> form) {
        if (!spec.scopes().isEmpty()) {
            form.put("scope", String.join(" ", spec.scopes()));
        }
        HttpRequest request = client.post(tokenUri, form);
        form.putAll(spec.tokenParams());
        return request.withBody(ClientAuthentication.encode(form), "application/x-www-form-urlencoded");
    }

    /** The grant's name for messages: {@code grant_type}, without the URN prefix of an extension grant ({@code jwt-bearer}). */
    static String grantName(Map<String, String> form) {
        return form.get("grant_type").replace(GRANT_TYPE_URN, "");
    }

    /**
     * Whether the retry step may repeat the request when its answer did not come (or said 408, 429,
     * 5xx): not a refresh, nor a signed assertion, unless it never reached the server. One the server
     * acted on may have used up a rotating refresh token, or recorded the assertion's jti, and the
     * same request again would be refused as a replay.
     */
    static boolean repeatable(Map<String, String> form) {
        return !"refresh_token".equals(form.get("grant_type")) && !form.containsKey("assertion") && !form.containsKey("client_assertion");
    }
}
