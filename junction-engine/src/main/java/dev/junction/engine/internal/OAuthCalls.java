package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.EngineException;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.internal.ClientAuthentication;
import dev.junction.http.internal.TokenAnswer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth 2.0 calls of the connect flow: the discovery document (OpenID Connect / RFC 8414), the
 * authorization-code exchange with its PKCE verifier (RFC 7636), token revocation (RFC 7009) and the
 * connected account's identity (OIDC userinfo or a request the connector declares). Each goes through
 * the connection's pipeline as a credential request ({@link HttpPipeline#sendCredentialRequest}): the
 * outbound address policy for the connection's trust, redirects checked hop by hop, the exchange log
 * with every secret and token redacted, the response cap. Messages name the endpoint and the
 * provider's error code, never a token. Close it to release the pipeline.
 */
public final class OAuthCalls implements AutoCloseable {
    /** What the token endpoint answered. */
    public record Tokens(String accessToken, String refreshToken, Long expiresIn, String scope) {
        @Override
        public String toString() {
            return "Tokens[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    /** The endpoints a discovery document names (null where it names none). */
    public record Discovered(String authorizationEndpoint, String tokenEndpoint, String revocationEndpoint, String userinfoEndpoint) {}

    /** Answers of the connect flow's calls are small: more than this is refused, whatever the response cap. */
    private static final int MAX_BODY = 256 * 1024;
    private final HttpPipeline pipeline;
    private final CallContext context;
    private final ObjectMapper json = new ObjectMapper();

    /** @param pipeline the connection's pipeline (its trust, exchange log and secrets); closed with this */
    public OAuthCalls(HttpPipeline pipeline, CallContext context) {
        this.pipeline = pipeline;
        this.context = context;
    }

    @Override
    public void close() {
        pipeline.close();
    }

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
        String where = "the discovery document " + url;
        JsonNode doc = read(send(HttpRequest.get(uri(url, where)).withHeader("Accept", "application/json"), where), where);
        return new Discovered(text(doc, "authorization_endpoint"), text(doc, "token_endpoint"), text(doc, "revocation_endpoint"),
                text(doc, "userinfo_endpoint"));
    }

    /**
     * The connected account as {@code url} describes it, asked with the new access token (OIDC
     * userinfo, or the connector's {@code auth.identity} request).
     *
     * @param sentAs where the connector sends its access token ({@code in}, {@code name}, {@code prefix}); null: a bearer token
     */
    public JsonNode identity(String url, String accessToken, dev.junction.spec.AuthSpec.OAuth2 sentAs) {
        String where = "the identity endpoint " + url;
        HttpRequest request = HttpRequest.get(uri(url, where)).withHeader("Accept", "application/json");
        request = sentAs == null ? request.withHeader("Authorization", "Bearer " + accessToken) : switch (sentAs.in()) {
            case QUERY -> request.withQueryParam(sentAs.name(), sentAs.prefix() + accessToken);
            case COOKIE -> request.withHeader("Cookie", sentAs.name() + "=" + sentAs.prefix() + accessToken);
            case HEADER -> request.withHeader(sentAs.name(), sentAs.prefix() + accessToken);
        };
        HttpResponse response = send(request, where);
        if (!response.isSuccessful()) {
            throw new EngineException.Conflict(where + " answered HTTP " + response.status());
        }
        return read(response, where);
    }

    /**
     * Exchanges an authorization code at the token endpoint.
     *
     * @param client how the client authenticates (a public client sends its client_id alone)
     * @param params the connector's {@code tokenParams}, rendered, sent after the other fields
     * @param answer where the answer keeps the tokens and their lifetime (the connector's {@code tokenResponse})
     */
    public Tokens exchange(String tokenUrl, String code, String redirectUri, String verifier, ClientAuthentication client, Map<String, String> params,
            TokenAnswer answer) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        String where = "the token endpoint " + tokenUrl;
        HttpRequest request = client.post(uri(tokenUrl, where), form);
        form.putAll(params);
        HttpResponse response = send(form(request, form), where);
        JsonNode body = read(response, where);
        String access = answer.accessToken(body);
        if (response.status() != 200 || access == null) {
            throw new EngineException.Conflict(where + " refused the authorization code (HTTP " + response.status()
                    + (text(body, "error") == null ? response.status() == 200 ? ": the answer has no " + answer.accessTokenPlace().replaceFirst("^an ", "")
                            : "" : ", error " + text(body, "error")) + ")");
        }
        Instant now = Instant.now();
        Instant expires = answer.expiresAt(body, now);
        return new Tokens(access, answer.refreshToken(body), expires == null ? null : Math.max(1, expires.getEpochSecond() - now.getEpochSecond()),
                text(body, "scope"));
    }

    /**
     * Revokes one token (RFC 7009); the endpoint answers 200 for a token it no longer knows too.
     *
     * @return false when the endpoint does not revoke tokens of this type ({@code unsupported_token_type}, as
     *     servers that revoke only refresh tokens answer for an access token)
     */
    public boolean revoke(String revokeUrl, String token, String hint, ClientAuthentication client) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        String where = "the revocation endpoint " + revokeUrl;
        HttpResponse response = send(form(client.post(uri(revokeUrl, where), form), form), where);
        if (response.status() == 200) {
            return true;
        }
        String error = null;
        try {
            JsonNode body = json.readTree(response.body());
            error = body == null ? null : text(body, "error");
        } catch (IOException e) {
            // no JSON error: the status says it
        }
        if (response.status() == 400 && "unsupported_token_type".equals(error)) {
            return false;
        }
        throw new EngineException.Conflict(where + " answered HTTP " + response.status() + (error == null ? "" : ", error " + error));
    }

    private static HttpRequest form(HttpRequest request, Map<String, String> form) {
        return request.withBody(ClientAuthentication.encode(form), "application/x-www-form-urlencoded");
    }

    private static URI uri(String url, String where) {
        try {
            URI uri = URI.create(url);
            HttpRequest.of("GET", uri); // checks that it is an absolute http(s) URL
            return uri;
        } catch (IllegalArgumentException e) {
            throw new EngineException.Conflict(where + ": expected an absolute http(s) URL");
        }
    }

    private HttpResponse send(HttpRequest request, String where) {
        HttpResponse response;
        try {
            response = pipeline.sendCredentialRequest(request, context);
        } catch (ApiException e) {
            throw new EngineException.Conflict(where + " could not be reached: " + e.getMessage());
        }
        if (response.bodyLength() > MAX_BODY) {
            throw new EngineException.Conflict(where + " answered more than " + MAX_BODY + " bytes");
        }
        return response;
    }

    private JsonNode read(HttpResponse response, String where) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new EngineException.Conflict(where + " did not answer a JSON object (HTTP " + response.status() + ")");
            }
            return node;
        } catch (IOException e) {
            throw new EngineException.Conflict(where + " did not answer JSON (HTTP " + response.status() + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
