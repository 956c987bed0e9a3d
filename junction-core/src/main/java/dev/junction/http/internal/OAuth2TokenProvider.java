package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 access token of one connection: obtained at the token endpoint (form-encoded,
 * client authentication by basic header or in the body), cached, and replaced {@code refreshBefore}
 * ahead of its expiry (at most half its lifetime ahead) or when the API rejected it.
 *
 * <p>Single-flight: one lock guards obtaining tokens, so any number of calls that find the token
 * expired cause exactly one token request; the others wait and use its result. A rotated refresh
 * token is saved in the {@link CredentialRepository} before the new access token is handed out; the
 * saved tokens are used again after a restart as long as the connection's configured credentials
 * are the same. Token requests go through the exchange log, with every token, secret and assertion
 * redacted. Thread-safe.
 */
public final class OAuth2TokenProvider {
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String EXPIRES_AT = "expires_at";
    static final String SOURCE = "source";

    private final AuthSpec.OAuth2 spec;
    private final URI tokenUri;
    private final List<Interceptor> tokenChain;
    private final Redactor redactor;
    private final CredentialRepository store;
    private final String tenant;
    private final String connection;
    private final Clock clock;
    private final ObjectMapper json;
    private final JwtAssertion assertion;
    private final String source;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile Token current;
    private String refreshToken; // guarded by lock
    private boolean loaded; // guarded by lock

    /** An access token and when to stop using it (null: until the API rejects it). */
    private record Token(String access, Instant expiresAt, Instant replaceAt) {
        boolean usableAt(Instant now) {
            return replaceAt == null || now.isBefore(replaceAt);
        }
    }

    /**
     * @param spec the auth settings with every template rendered
     * @param tokenUri the token endpoint, absolute
     * @param tokenChain exchange log, token capture and transport, in that order
     * @throws IllegalArgumentException when the jwt_bearer private key cannot be read
     */
    public OAuth2TokenProvider(AuthSpec.OAuth2 spec, URI tokenUri, List<Interceptor> tokenChain, Redactor redactor, CredentialRepository store,
            String tenant, String connection, Clock clock, ObjectMapper json) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tokenUri = tokenUri;
        this.tokenChain = List.copyOf(tokenChain);
        this.redactor = redactor;
        this.store = store;
        this.tenant = tenant;
        this.connection = connection;
        this.clock = clock;
        this.json = json;
        String issuer = spec.issuer() != null ? spec.issuer() : spec.clientId();
        this.assertion = spec.grant() == Grant.JWT_BEARER
                ? new JwtAssertion(spec.privateKey(), issuer, spec.subject() != null ? spec.subject() : issuer,
                        spec.audience() != null ? spec.audience() : tokenUri.toString(), spec.keyId(), spec.scopes(), clock)
                : null;
        this.source = fingerprint(spec);
    }

    /** A usable access token: the cached one, or a new one (one token request, however many callers wait). */
    public String accessToken(CallContext context) throws IOException {
        Token token = current;
        if (token != null && token.usableAt(clock.instant())) {
            return token.access();
        }
        lock.lock();
        try {
            token = current;
            if (token != null && token.usableAt(clock.instant())) {
                return token.access();
            }
            return obtain(context, false);
        } finally {
            lock.unlock();
        }
    }

    /** A new access token after the API rejected {@code rejected}, unless another call has replaced it already. */
    public String replaceRejected(String rejected, CallContext context) throws IOException {
        lock.lock();
        try {
            Token token = current;
            if (token != null && !token.access().equals(rejected) && token.usableAt(clock.instant())) {
                return token.access();
            }
            return obtain(context, true);
        } finally {
            lock.unlock();
        }
    }

    /** The grant, for messages. */
    public Grant grant() {
        return spec.grant();
    }

    private String obtain(CallContext context, boolean rejected) throws IOException {
        if (!loaded) {
            loaded = true;
            refreshToken = spec.refreshToken();
            Token stored = loadStored();
            if (stored != null && !rejected && stored.usableAt(clock.instant())) {
                current = stored;
                return stored.access();
            }
            if (stored == null && !rejected && spec.grant() == Grant.AUTHORIZATION_CODE && spec.accessToken() != null) {
                current = new Token(spec.accessToken(), null, null); // expiry unknown: use it until the API refuses it
                return spec.accessToken();
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        switch (spec.grant()) {
            case CLIENT_CREDENTIALS -> form.put("grant_type", "client_credentials");
            case JWT_BEARER -> {
                String signed = assertion.sign();
                redactor.addSecret(signed);
                form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
                form.put("assertion", signed);
            }
            case PASSWORD -> {
                if (refreshToken != null) {
                    try {
                        return request(refreshForm(), context);
                    } catch (ApiException e) {
                        if (e.category() != ApiError.Category.AUTH) {
                            throw e;
                        }
                        refreshToken = null; // the refresh token is no good any more: log in again
                    }
                }
                form.put("grant_type", "password");
                form.put("username", spec.username());
                form.put("password", spec.password());
            }
            case REFRESH_TOKEN, AUTHORIZATION_CODE -> {
                if (refreshToken == null) {
                    throw new ApiException(new ApiError(ApiError.Category.AUTH, 0, "no_refresh_token", "connection '" + connection
                            + "': the access token " + (rejected ? "was rejected" : "has expired") + " and there is no refresh token to get a"
                            + " new one; authorize the connection again and set its access and refresh tokens", null, false,
                            "POST " + redactor.url(tokenUri)));
                }
                form.putAll(refreshForm());
            }
        }
        if (spec.grant() != Grant.JWT_BEARER && spec.audience() != null) {
            form.put("audience", spec.audience());
        }
        return request(form, context);
    }

    private Map<String, String> refreshForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return form;
    }

    private String request(Map<String, String> form, CallContext context) throws IOException {
        if (!spec.scopes().isEmpty()) {
            form.put("scope", String.join(" ", spec.scopes()));
        }
        HttpRequest request = HttpRequest.of("POST", tokenUri).withHeader("Accept", "application/json");
        if (spec.clientId() != null) {
            if (spec.clientAuth() == AuthSpec.ClientAuth.BASIC && spec.clientSecret() != null) {
                request = request.withHeader("Authorization", "Basic " + basic(spec.clientId(), spec.clientSecret()));
            } else {
                form.put("client_id", spec.clientId());
                if (spec.clientSecret() != null) {
                    form.put("client_secret", spec.clientSecret());
                }
            }
        }
        String grant = form.get("grant_type").replace("urn:ietf:params:oauth:grant-type:", "");
        request = request.withBody(form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")), "application/x-www-form-urlencoded");
        CallContext tokenContext = new CallContext(context.runId(), context.tenant(), context.connection(), List.of(), false);
        HttpResponse response;
        try {
            response = RealChain.start(tokenChain, request, tokenContext);
        } catch (IOException e) {
            NetworkFailure network = NetworkFailure.of(e);
            throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, network.code(), "connection '" + connection
                    + "': could not get an access token (" + grant + " grant) from " + summary() + ": " + redactor.text(network.description())
                    + "; check auth.tokenUrl and that the authorization server is reachable", null, true, summary()), e);
        }
        JsonNode body = parse(response);
        if (!response.isSuccessful() || body == null || !body.path(ACCESS_TOKEN).isTextual() || body.path(ACCESS_TOKEN).asText().isEmpty()) {
            throw refused(response, body, grant);
        }
        String access = body.get(ACCESS_TOKEN).asText();
        String rotated = body.path(REFRESH_TOKEN).isTextual() ? body.get(REFRESH_TOKEN).asText() : null;
        Instant now = clock.instant();
        Instant expiresAt = body.path("expires_in").canConvertToLong() && body.path("expires_in").asLong() > 0
                ? now.plusSeconds(body.path("expires_in").asLong()) : null;
        Token token = new Token(access, expiresAt, replaceAt(now, expiresAt));
        if (rotated != null) {
            refreshToken = rotated;
        }
        save(token); // before anyone uses the new token: a rotated refresh token must survive a crash
        current = token;
        return access;
    }

    /** {@code refreshBefore} ahead of expiry, but never more than half the token's lifetime ahead. */
    private Instant replaceAt(Instant now, Instant expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        Duration lifetime = Duration.between(now, expiresAt);
        Duration margin = spec.refreshBefore().compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : spec.refreshBefore();
        return expiresAt.minus(margin);
    }

    private ApiException refused(HttpResponse response, JsonNode body, String grant) {
        int status = response.status();
        String error = body == null ? null : text(body, "error");
        String description = body == null ? null : text(body, "error_description");
        String said = error == null ? "" : ": " + redactor.excerpt(error, 100) + (description == null ? "" : " (" + redactor.excerpt(description, 300) + ")");
        String detail = response.bodyLength() == 0 ? null : redactor.excerpt(response.bodyText(), 2000);
        if (response.isSuccessful()) {
            return new ApiException(new ApiError(ApiError.Category.PERMANENT, status, "no_access_token", "connection '" + connection
                    + "': the token endpoint " + summary() + " answered the " + grant + " grant with HTTP " + status
                    + " but without an access_token; check auth.tokenUrl", detail, false, summary()));
        }
        boolean retryable = RetryInterceptor.isRetryableStatus(status);
        String advice = retryable ? "; try again later" : "; check " + switch (spec.grant()) {
            case CLIENT_CREDENTIALS -> "the connection's client id and secret";
            case PASSWORD -> "the connection's client id, username and password";
            case JWT_BEARER -> "the connection's private key, issuer and subject, and that the key is registered";
            case REFRESH_TOKEN, AUTHORIZATION_CODE -> "the connection's client id and refresh token, or authorize it again";
        };
        return new ApiException(new ApiError(retryable ? ApiError.Category.RETRYABLE : ApiError.Category.AUTH, status,
                error == null ? "http_" + status : "oauth_" + error, "connection '" + connection + "': the token endpoint " + summary()
                + " refused the " + grant + " grant with HTTP " + status + said + advice, detail, retryable, summary()));
    }

    private Token loadStored() {
        StoredCredential stored = store.find(tenant, connection).orElse(null);
        if (stored == null || !source.equals(stored.value(SOURCE))) {
            return null; // none, or obtained with other credentials than the configured ones
        }
        if (stored.value(REFRESH_TOKEN) != null) {
            refreshToken = stored.value(REFRESH_TOKEN);
            redactor.addSecret(refreshToken);
        }
        String access = stored.value(ACCESS_TOKEN);
        if (access == null) {
            return null;
        }
        redactor.addSecret(access);
        Instant expiresAt = stored.value(EXPIRES_AT) == null ? null : Instant.parse(stored.value(EXPIRES_AT));
        return new Token(access, expiresAt, expiresAt == null ? null : replaceAt(stored.updatedAt(), expiresAt));
    }

    private void save(Token token) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ACCESS_TOKEN, token.access());
        if (refreshToken != null) {
            values.put(REFRESH_TOKEN, refreshToken);
        }
        if (token.expiresAt() != null) {
            values.put(EXPIRES_AT, token.expiresAt().toString());
        }
        values.put(SOURCE, source);
        store.save(new StoredCredential(tenant, connection, values, clock.instant()));
    }

    private JsonNode parse(HttpResponse response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private String summary() {
        return "POST " + redactor.url(tokenUri);
    }

    /** Names the configured credentials (hashed), so tokens saved for other credentials are not reused. */
    private static String fingerprint(AuthSpec.OAuth2 spec) {
        String text = String.join("\u0000", spec.grant().yamlName(), String.valueOf(spec.tokenUrl()), String.valueOf(spec.clientId()),
                String.valueOf(spec.username()), String.valueOf(spec.refreshToken()), String.valueOf(spec.accessToken()),
                String.valueOf(spec.issuer()), String.valueOf(spec.subject()), String.join(" ", spec.scopes()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** RFC 6749 section 2.3.1: id and secret form-encoded, then joined with ':' and base64-encoded. */
    static String basic(String clientId, String clientSecret) {
        String pair = encode(clientId) + ":" + encode(clientSecret);
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2TokenProvider[" + connection + ", " + spec.grant().yamlName() + "]";
    }
}
