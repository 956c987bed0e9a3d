package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.EngineException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The three OAuth 2.0 calls of the connect flow, each a small form POST or GET with the JDK client
 * (redirects not followed): the discovery document (OpenID Connect / RFC 8414), the authorization-code
 * exchange with its PKCE verifier (RFC 7636), and token revocation (RFC 7009). Our own, beside the
 * pipeline's token code: these are one-off calls outside any connection's budget. Messages name the
 * endpoint and the provider's error code, never a token.
 */
public final class OAuthCalls {
    /** What the token endpoint answered. */
    public record Tokens(String accessToken, String refreshToken, Long expiresIn, String scope) {
        @Override
        public String toString() {
            return "Tokens[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    /** The endpoints a discovery document names (null where it names none). */
    public record Discovered(String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint) {}

    private static final int MAX_BODY = 256 * 1024;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    /** The S256 code challenge of a verifier: base64url(SHA-256(verifier)), no padding. */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Discovered discover(String url) {
        JsonNode doc = read(send(HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "application/json"), "the discovery document " + url),
                "the discovery document " + url);
        return new Discovered(text(doc, "authorization_endpoint"), text(doc, "token_endpoint"), text(doc, "revocation_endpoint"));
    }

    /**
     * Exchanges an authorization code at the token endpoint.
     *
     * @param clientSecret null for a public client (client_id goes in the body then)
     * @param basic whether the client authenticates with HTTP Basic (else in the body)
     */
    public Tokens exchange(String tokenUrl, String code, String redirectUri, String verifier, String clientId, String clientSecret, boolean basic) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        HttpRequest.Builder request = withClient(HttpRequest.newBuilder(URI.create(tokenUrl)), form, clientId, clientSecret, basic);
        String where = "the token endpoint " + tokenUrl;
        HttpResponse<byte[]> response = send(request.POST(HttpRequest.BodyPublishers.ofString(encode(form))), where);
        JsonNode body = read(response, where);
        if (response.statusCode() != 200 || text(body, "access_token") == null) {
            throw new EngineException.Conflict(where + " refused the authorization code (HTTP " + response.statusCode()
                    + (text(body, "error") == null ? "" : ", error " + text(body, "error")) + ")");
        }
        JsonNode expires = body.get("expires_in");
        return new Tokens(text(body, "access_token"), text(body, "refresh_token"), expires != null && expires.canConvertToLong() ? expires.asLong() : null,
                text(body, "scope"));
    }

    /**
     * Revokes one token (RFC 7009); the endpoint answers 200 for a token it no longer knows too.
     *
     * @return false when the endpoint does not revoke tokens of this type ({@code unsupported_token_type}, as
     *     servers that revoke only refresh tokens answer for an access token)
     */
    public boolean revoke(String revokeUrl, String token, String hint, String clientId, String clientSecret, boolean basic) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        HttpRequest.Builder request = withClient(HttpRequest.newBuilder(URI.create(revokeUrl)), form, clientId, clientSecret, basic);
        String where = "the revocation endpoint " + revokeUrl;
        HttpResponse<byte[]> response = send(request.POST(HttpRequest.BodyPublishers.ofString(encode(form))), where);
        if (response.statusCode() == 200) {
            return true;
        }
        String error = null;
        try {
            JsonNode body = json.readTree(response.body());
            error = body == null ? null : text(body, "error");
        } catch (IOException e) {
            // no JSON error: the status says it
        }
        if (response.statusCode() == 400 && "unsupported_token_type".equals(error)) {
            return false;
        }
        throw new EngineException.Conflict(where + " answered HTTP " + response.statusCode() + (error == null ? "" : ", error " + error));
    }

    private static HttpRequest.Builder withClient(HttpRequest.Builder request, Map<String, String> form, String clientId, String clientSecret,
            boolean basic) {
        request.header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json").timeout(Duration.ofSeconds(30));
        if (clientSecret != null && basic) {
            String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
            if (clientSecret != null) {
                form.put("client_secret", clientSecret);
            }
        }
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String where) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.body().length > MAX_BODY) {
                throw new EngineException.Conflict(where + " answered more than " + MAX_BODY + " bytes");
            }
            return response;
        } catch (IOException e) {
            throw new EngineException.Conflict(where + " could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException.Conflict(where + ": interrupted");
        }
    }

    private JsonNode read(HttpResponse<byte[]> response, String where) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new EngineException.Conflict(where + " did not answer a JSON object (HTTP " + response.statusCode() + ")");
            }
            return node;
        } catch (IOException e) {
            throw new EngineException.Conflict(where + " did not answer JSON (HTTP " + response.statusCode() + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
