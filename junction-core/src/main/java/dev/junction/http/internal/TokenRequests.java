package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The token endpoint's POST for one grant's form (RFC 6749): the scopes added, the client
 * authenticated by a basic header ({@code clientAuth: basic} with a secret, section 2.3.1), in the
 * body, or by a signed assertion ({@code private_key_jwt}, RFC 7523 section 2.2), the connector's
 * {@code tokenParams} last, form-encoded; and whether the retry step may send it again. Holds only
 * the settings and what signs a client assertion.
 */
final class TokenRequests {
    private static final String GRANT_TYPE_URN = "urn:ietf:params:oauth:grant-type:";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final AuthSpec.OAuth2 spec;
    private final URI tokenUri;
    private final Supplier<String> clientAssertion;

    TokenRequests(AuthSpec.OAuth2 spec, URI tokenUri) {
        this(spec, tokenUri, null);
    }

    /** @param clientAssertion signs a new client assertion for each request ({@code clientAuth: private_key_jwt}), else null */
    TokenRequests(AuthSpec.OAuth2 spec, URI tokenUri, Supplier<String> clientAssertion) {
        if (spec.clientAuth() == AuthSpec.ClientAuth.PRIVATE_KEY_JWT && clientAssertion == null) {
            throw new IllegalArgumentException("clientAuth private_key_jwt needs what signs its assertion");
        }
        this.spec = spec;
        this.tokenUri = tokenUri;
        this.clientAssertion = clientAssertion;
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
        HttpRequest request = HttpRequest.of("POST", tokenUri).withHeader("Accept", "application/json");
        if (spec.clientAuth() == AuthSpec.ClientAuth.PRIVATE_KEY_JWT) {
            form.put("client_id", spec.clientId());
            form.put("client_assertion_type", CLIENT_ASSERTION_TYPE);
            form.put("client_assertion", clientAssertion.get());
        } else if (spec.clientId() != null) {
            if (spec.clientAuth() == AuthSpec.ClientAuth.BASIC && spec.clientSecret() != null) {
                request = request.withHeader("Authorization", "Basic " + basic(spec.clientId(), spec.clientSecret()));
            } else {
                form.put("client_id", spec.clientId());
                if (spec.clientSecret() != null) {
                    form.put("client_secret", spec.clientSecret());
                }
            }
        }
        form.putAll(spec.tokenParams());
        return request.withBody(form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")), "application/x-www-form-urlencoded");
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

    /** RFC 6749 section 2.3.1: id and secret form-encoded, then joined with ':' and base64-encoded. */
    static String basic(String clientId, String clientSecret) {
        String pair = encode(clientId) + ":" + encode(clientSecret);
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
