package dev.junction.http.internal;

import dev.junction.http.HttpRequest;
import dev.junction.spec.AuthSpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How an OAuth 2.0 client authenticates to the authorization server's endpoints (token, revocation):
 * HTTP Basic with its id and secret (RFC 6749 section 2.3.1), both in the form, the id alone (a
 * public client), or a JWT it signs ({@code private_key_jwt}, RFC 7523 section 2.2) whose {@code aud}
 * is the endpoint called unless {@code assertionAudience} says otherwise. The token requests of a
 * connection and the connect page's code exchange and revocation share it. Thread-safe.
 */
public final class ClientAuthentication {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final AuthSpec.ClientAuth kind;
    private final String clientId;
    private final String clientSecret;
    private final JwtAssertion assertion;
    private final String assertionAudience;
    private final Consumer<String> signed;

    private ClientAuthentication(AuthSpec.ClientAuth kind, String clientId, String clientSecret, JwtAssertion assertion, String assertionAudience,
            Consumer<String> signed) {
        this.kind = kind;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.assertion = assertion;
        this.assertionAudience = assertionAudience;
        this.signed = signed;
    }

    /**
     * The client of {@code spec}, its templates rendered.
     *
     * @param signed told of each assertion signed, a secret to hide from the logs
     * @throws IllegalArgumentException when a private_key_jwt client's key or certificate cannot be read
     */
    public static ClientAuthentication of(AuthSpec.OAuth2 spec, Clock clock, Consumer<String> signed) {
        JwtAssertion assertion = spec.clientAuth() == AuthSpec.ClientAuth.PRIVATE_KEY_JWT
                ? new JwtAssertion(spec.privateKey(), spec.passphrase(), spec.certificate(), spec.clientId(), spec.clientId(), null, spec.keyId(), List.of(), clock)
                : null;
        return new ClientAuthentication(spec.clientAuth(), spec.clientId(), spec.clientSecret(), assertion, spec.assertionAudience(), signed);
    }

    /**
     * A form POST to {@code endpoint} carrying the client's authentication: a Basic header, or fields
     * added to {@code form} (the caller encodes it, with any fields of its own after these).
     */
    public HttpRequest post(URI endpoint, Map<String, String> form) {
        HttpRequest request = HttpRequest.of("POST", endpoint).withHeader("Accept", "application/json");
        if (assertion != null) {
            String jwt = assertion.sign(assertionAudience != null ? assertionAudience : endpoint.toString());
            signed.accept(jwt);
            form.put("client_id", clientId);
            form.put("client_assertion_type", ASSERTION_TYPE);
            form.put("client_assertion", jwt);
        } else if (clientId != null) {
            if (kind == AuthSpec.ClientAuth.BASIC && clientSecret != null) {
                request = request.withHeader("Authorization", "Basic " + basic(clientId, clientSecret));
            } else {
                form.put("client_id", clientId);
                if (clientSecret != null) {
                    form.put("client_secret", clientSecret);
                }
            }
        }
        return request;
    }

    /** The form encoded as {@code application/x-www-form-urlencoded}, in its order. */
    public static String encode(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value)));
        return body.toString();
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
