package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.json.JsonPath;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adds credentials to every request: an API key (header or query), a bearer token, basic auth, a
 * session token or an OAuth 2.0 access token. The values are already rendered from the connector's templates.
 * Signatures are not added here but by the step {@link #attemptSigner} gives — {@link OAuth1Signer}
 * (a fresh nonce and timestamp each time), {@link AwsSigV4Signer} or {@link HmacSigner} — further down the chain, after
 * retry, on each attempt once every other header and the body are set; this step only knows their secrets.
 *
 * <p>OAuth 2.0: the token comes from the {@link OAuth2TokenProvider}. When the API answers 401, or
 * 200 with a body matching the connector's {@code tokenError}, the token is replaced once and the
 * call sent once more; a second rejection fails with an AUTH {@link ApiException} naming the
 * connection.
 */
public final class AuthInterceptor implements Interceptor {
    private final AuthSpec auth;
    private final OAuth2TokenProvider tokens;
    private final ErrorClassifier classifier;
    private final ObjectMapper json;
    private final JsonPath tokenErrorPath;
    private final Pattern tokenErrorPattern;
    private final SessionTokenProvider sessions;

    public AuthInterceptor(AuthSpec auth) {
        this(auth, null, null);
    }

    public AuthInterceptor(AuthSpec auth, OAuth2TokenProvider tokens, ErrorClassifier classifier) {
        this(auth, tokens, null, classifier);
    }

    /**
     * @param tokens the token provider, required for {@link AuthSpec.OAuth2}
     * @param sessions the session token provider, required for {@link AuthSpec.Session}
     * @param classifier describes rejected calls (OAuth 2.0 and session login)
     */
    public AuthInterceptor(AuthSpec auth, OAuth2TokenProvider tokens, SessionTokenProvider sessions, ErrorClassifier classifier) {
        this.sessions = sessions;
        this.auth = auth == null ? new AuthSpec.None() : auth;
        this.tokens = tokens;
        this.classifier = classifier;
        this.json = new ObjectMapper();
        AuthSpec.TokenError tokenError = this.auth instanceof AuthSpec.OAuth2 oauth ? oauth.tokenError() : null;
        this.tokenErrorPath = tokenError == null || tokenError.path() == null ? null : JsonPath.parse(tokenError.path());
        this.tokenErrorPattern = tokenError == null || tokenError.matches() == null ? null : Pattern.compile(tokenError.matches());
        if (this.auth instanceof AuthSpec.Session && (sessions == null || classifier == null)) {
            throw new IllegalArgumentException("session auth needs a session token provider and an error classifier");
        }
        if (this.auth instanceof AuthSpec.OAuth2 && (tokens == null || classifier == null)) {
            throw new IllegalArgumentException("oauth2 auth needs a token provider and an error classifier");
        }
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        var request = chain.request();
        var authenticated = switch (auth) {
            case AuthSpec.None none -> request;
            case AuthSpec.ApiKey key when key.in() == AuthSpec.Placement.QUERY -> request.withQueryParam(key.name(), key.value());
            case AuthSpec.ApiKey key when key.in() == AuthSpec.Placement.COOKIE -> withCookie(request, key.name(), key.value());
            case AuthSpec.ApiKey key -> request.withHeader(key.name(), key.value());
            case AuthSpec.Bearer bearer -> request.withHeader("Authorization", "Bearer " + bearer.token());
            case AuthSpec.Basic basic -> request.withHeader("Authorization", "Basic " + basicCredentials(basic));
            case AuthSpec.Digest digest -> request; // answered per attempt by DigestSigner, from the server's challenge
            case AuthSpec.OAuth1 o -> request; // signed per attempt by OAuth1Signer (see attemptSigner)
            case AuthSpec.AwsSigV4 aws -> request; // signed per attempt by AwsSigV4Signer
            case AuthSpec.Hmac hmac -> request; // signed per attempt by HmacSigner
            case AuthSpec.Jwt jwt -> request; // signed (or its token reused) per attempt by JwtSigner
            case AuthSpec.Session session -> null;
            case AuthSpec.OAuth2 oauth -> null;
        };
        if (auth instanceof AuthSpec.Session session) {
            return session(chain, request, session);
        }
        return authenticated == null ? oauth(chain, request) : chain.proceed(authenticated);
    }

    /**
     * The step that signs each attempt of this auth, placed after retry, the rate limit and the
     * attempt steps so that every attempt is signed anew over what it sends: an OAuth 1.0a signature
     * with a nonce and timestamp of its own (providers refuse a nonce they have seen), an AWS
     * Signature Version 4 or an HMAC signature at the attempt's time.
     *
     * @param clock the time each attempt is signed at
     * @return null when this auth signs nothing
     * @throws IllegalArgumentException when the settings cannot sign (a missing AWS region or service, an HMAC secret that is not in its encoding)
     */
    public static Interceptor attemptSigner(AuthSpec auth, java.time.Clock clock) {
        return switch (auth) {
            case AuthSpec.OAuth1 o -> new OAuth1Signer(o, clock);
            case AuthSpec.AwsSigV4 aws -> new AwsSigV4Signer(aws, clock);
            case AuthSpec.Hmac hmac -> new HmacSigner(hmac, clock);
            case AuthSpec.Jwt jwt -> new JwtSigner(jwt, clock, "auth");
            case AuthSpec.Digest digest -> new DigestSigner(digest);
            case null, default -> null;
        };
    }

    /**
     * Obtains what this step sends before any call (an OAuth 2.0 access token, a session token): the
     * cached one, or a new one from the token or login endpoint. Nothing is sent to the API itself.
     *
     * @return false when this auth has nothing to obtain (none, API key, bearer, basic, OAuth 1.0a, AWS SigV4, HMAC, JWT)
     * @throws dev.junction.http.ApiException when it cannot be obtained
     */
    public boolean authenticate(dev.junction.http.CallContext context) throws IOException {
        if (auth instanceof AuthSpec.OAuth2) {
            tokens.accessToken(context);
            return true;
        }
        if (auth instanceof AuthSpec.Session) {
            sessions.token(context);
            return true;
        }
        return false;
    }

    /**
     * Session login: the token until a 401, then one new login and one more try; a second 401 is an
     * AUTH error. When the replacement came from the store (another process logged in meanwhile) and
     * is refused too, this call logs in itself: a call logs in once at most, and never fails on a
     * token it did not get from a login.
     */
    private HttpResponse session(Chain chain, HttpRequest request, AuthSpec.Session session) throws IOException {
        String token = sessions.token(chain.context());
        HttpResponse response = chain.proceed(withSessionToken(request, session, token));
        if (response.status() != 401) {
            return response;
        }
        SessionTokenProvider.Replacement fresh = sessions.replaceRejected(token, chain.context());
        HttpResponse retried = chain.proceed(withSessionToken(request, session, fresh.token()));
        if (retried.status() == 401 && fresh.fromStore()) {
            fresh = sessions.replaceRejected(fresh.token(), chain.context());
            retried = chain.proceed(withSessionToken(request, session, fresh.token()));
        }
        if (retried.status() != 401) {
            return retried;
        }
        ApiError refused = classifier.classify(request, chain.context(), retried).error();
        throw new ApiException(new ApiError(ApiError.Category.AUTH, 401, refused.code(), refused.message()
                + " (also with a new session token from " + sessions.summary() + ")", refused.providerDetail(), false, refused.request()));
    }

    /** Adds {@code name=value} to the request's {@code Cookie} header (RFC 6265: pairs joined by "; "). */
    private static HttpRequest withCookie(HttpRequest request, String name, String value) {
        String existing = request.header("Cookie");
        String pair = name + "=" + value;
        return request.withHeader("Cookie", existing == null || existing.isBlank() ? pair : existing + "; " + pair);
    }

    private static HttpRequest withSessionToken(HttpRequest request, AuthSpec.Session session, String token) {
        return switch (session.in()) {
            case QUERY -> request.withQueryParam(session.name(), session.prefix() + token);
            case COOKIE -> withCookie(request, session.name(), session.prefix() + token);
            case HEADER -> request.withHeader(session.name(), session.prefix() + token);
        };
    }

    private HttpResponse oauth(Chain chain, HttpRequest request) throws IOException {
        String token = tokens.accessToken(chain.context());
        HttpResponse response = chain.proceed(bearer(request, token));
        if (!rejected(response)) {
            return response;
        }
        String fresh = tokens.replaceRejected(token, chain.context());
        HttpResponse retried = chain.proceed(bearer(request, fresh));
        if (!rejected(retried)) {
            return retried;
        }
        ApiException refusedAgain = refusedAgain(chain, request, retried);
        tokens.refusedAgain(fresh, refusedAgain); // the connection needs new credentials: its next calls fail fast
        throw refusedAgain;
    }

    /** The error of an API that refused even a new access token. */
    private ApiException refusedAgain(Chain chain, HttpRequest request, HttpResponse retried) {
        String connection = chain.context().connection() == null ? "the connection" : "connection '" + chain.context().connection() + "'";
        if (retried.status() == 401) {
            ApiError refused = classifier.classify(request, chain.context(), retried).error();
            return new ApiException(new ApiError(ApiError.Category.AUTH, 401, refused.code(), refused.message()
                    + " (also with a new access token from the " + tokens.grant().yamlName() + " grant)", refused.providerDetail(), false,
                    refused.request()));
        }
        String summary = classifier.summary(request);
        return new ApiException(new ApiError(ApiError.Category.AUTH, retried.status(), "token_rejected", summary + " answered HTTP "
                + retried.status() + " with a body matching auth.tokenError (the access token is invalid), also with a new access token from the "
                + tokens.grant().yamlName() + " grant; check the credentials of " + connection, classifier.redact(retried.bodyText()), false,
                summary));
    }

    /** 401, or a successful response whose body says the token is invalid. */
    private boolean rejected(HttpResponse response) {
        if (response.status() == 401) {
            return true;
        }
        if (!response.isSuccessful() || tokenErrorPath == null && tokenErrorPattern == null) {
            return false;
        }
        if (tokenErrorPattern != null) {
            return tokenErrorPattern.matcher(response.bodyText()).find();
        }
        try {
            JsonNode found = tokenErrorPath.find(json.readTree(response.body()));
            String expected = ((AuthSpec.OAuth2) auth).tokenError().equals();
            return !found.isMissingNode() && !found.isNull() && (found.isValueNode() ? found.asText() : found.toString()).equals(expected);
        } catch (IOException notJson) {
            return false;
        }
    }

    /** The request with the OAuth 2.0 access token where the connector sends it ({@code Authorization: Bearer} unless it says otherwise). */
    private HttpRequest bearer(HttpRequest request, String token) {
        AuthSpec.OAuth2 oauth = (AuthSpec.OAuth2) auth;
        return switch (oauth.in()) {
            case QUERY -> request.withQueryParam(oauth.name(), oauth.prefix() + token);
            case COOKIE -> withCookie(request, oauth.name(), oauth.prefix() + token);
            case HEADER -> request.withHeader(oauth.name(), oauth.prefix() + token);
        };
    }

    /** Every value this step sends that must never be logged, derived forms included. */
    public Set<String> secretValues() {
        return secretValues(auth);
    }

    /** The secrets of an auth setting (OAuth 2.0 tokens obtained later are added to the redactor as they come). */
    public static Set<String> secretValues(AuthSpec auth) {
        return switch (auth) {
            case null -> Set.of();
            case AuthSpec.None none -> Set.of();
            case AuthSpec.ApiKey key -> Set.of(key.value());
            case AuthSpec.Bearer bearer -> Set.of(bearer.token());
            case AuthSpec.Basic basic -> Set.of(basic.password(), basicCredentials(basic));
            case AuthSpec.Digest digest -> Set.of(digest.password());
            case AuthSpec.Session session -> {
                Set<String> secrets = new LinkedHashSet<>(session.bodyTexts().stream().filter(v -> !v.isEmpty()).toList());
                session.headers().forEach((name, value) -> {
                    if (Redactor.isSecretName(name) && !value.isEmpty()) {
                        secrets.add(value); // an API key the login sends beside the user's credentials
                    }
                });
                secrets.addAll(secretValues(session.loginAuth()));
                yield secrets;
            }
            case AuthSpec.Jwt jwt -> {
                Set<String> secrets = new LinkedHashSet<>();
                java.util.stream.Stream.of(jwt.privateKey(), jwt.passphrase(), jwt.secret()).filter(v -> v != null && !v.isEmpty()).forEach(secrets::add);
                jwt.values().forEach((variable, value) -> {
                    if (variable.startsWith("secrets.") && !value.isEmpty()) {
                        secrets.add(value);
                    }
                });
                yield secrets;
            }
            case AuthSpec.AwsSigV4 aws -> Set.copyOf(java.util.stream.Stream.of(aws.secretAccessKey(), aws.sessionToken())
                    .filter(v -> v != null && !v.isEmpty()).toList());
            case AuthSpec.Hmac hmac -> {
                Set<String> secrets = new LinkedHashSet<>();
                java.util.stream.Stream.of(hmac.secret(), hmac.passphrase()).filter(v -> v != null && !v.isEmpty()).forEach(secrets::add);
                hmac.values().forEach((variable, value) -> {
                    if (variable.startsWith("secrets.") && !value.isEmpty()) {
                        secrets.add(value);
                    }
                });
                yield secrets;
            }
            case AuthSpec.OAuth1 o -> {
                Set<String> secrets = new LinkedHashSet<>();
                for (String value : new String[] {o.consumerSecret(), o.tokenSecret()}) {
                    if (value != null && !value.isEmpty()) {
                        secrets.add(value);
                    }
                }
                secrets.add(OAuth1Signer.plaintextSignature(o));
                secrets.add(OAuth1Signer.encode(OAuth1Signer.plaintextSignature(o))); // as sent in the header
                yield secrets;
            }
            case AuthSpec.OAuth2 oauth -> {
                Set<String> secrets = new LinkedHashSet<>();
                for (String value : new String[] {oauth.clientSecret(), oauth.password(), oauth.refreshToken(), oauth.accessToken(), oauth.privateKey(),
                        oauth.passphrase()}) {
                    if (value != null) {
                        secrets.add(value);
                    }
                }
                if (oauth.clientId() != null && oauth.clientSecret() != null) {
                    secrets.add(ClientAuthentication.basic(oauth.clientId(), oauth.clientSecret()));
                }
                yield secrets;
            }
        };
    }

    /**
     * The headers and query parameters this auth sends whose names may not look secret but whose values
     * are (an HMAC signature in {@code X-BAPI-SIGN}): the exchange log hides them by name.
     */
    public static List<String> secretNames(AuthSpec auth) {
        return switch (auth) {
            case AuthSpec.Hmac hmac -> HmacSigner.secretNames(hmac);
            case AuthSpec.Jwt jwt -> JwtSigner.secretNames(jwt);
            case AuthSpec.Session session when session.loginAuth() instanceof AuthSpec.Jwt jwt -> JwtSigner.secretNames(jwt);
            // a header or parameter of the API's own naming carries the access token: hidden whatever it is called
            case AuthSpec.OAuth2 oauth when oauth.in() != AuthSpec.Placement.COOKIE -> List.of(oauth.name());
            case null, default -> List.of();
        };
    }

    private static String basicCredentials(AuthSpec.Basic basic) {
        String pair = Objects.requireNonNullElse(basic.username(), "") + ":" + Objects.requireNonNullElse(basic.password(), "");
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "auth(" + auth.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
