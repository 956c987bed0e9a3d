package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.RetriesExhaustedException;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.http.internal.OAuth2TokenState.Stored;
import dev.junction.http.internal.OAuth2TokenState.Token;
import dev.junction.store.CredentialRepository;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth 2.0 access token of one connection: obtained at the token endpoint (form-encoded,
 * client authentication by basic header or in the body), cached, and replaced {@code refreshBefore}
 * ahead of its expiry (at most half its lifetime ahead) or when the API rejected it.
 *
 * <p>Single-flight: the tokens live in an {@link OAuth2TokenState} that every provider of the same
 * connection in the process shares (see {@code OAuthTokens}); its lock guards obtaining tokens, so
 * any number of calls, pipelines and runs that find the token expired cause exactly one token
 * request; the others wait and use its result. A rotated refresh token is saved in the
 * {@link CredentialRepository} before the new access token is handed out; the saved tokens are used
 * again after a restart as long as the connection's configured credentials are the same. When the
 * token endpoint refuses the refresh token, the stored tokens are read again: another process
 * sharing the store may have rotated it meanwhile, and then its newer access token (if still
 * usable) or refresh token (one more refresh) is used instead of failing. Token requests go through
 * the exchange log, with every token, secret and assertion redacted. Thread-safe.
 */
public final class OAuth2TokenProvider {
    private final AuthSpec.OAuth2 spec;
    private final URI tokenUri;
    private final List<Interceptor> tokenChain;
    private final Redactor redactor;
    private final OAuth2TokenState state;
    private final String connection;
    private final ObjectMapper json;
    private final JwtAssertion assertion;
    private final TokenRequests requests;
    private final TokenAnswer answer;
    private volatile Token redacted; // the last token this provider's redactor learned

    /**
     * @param spec the auth settings with every template rendered
     * @param tokenUri the token endpoint, absolute
     * @param tokenChain exchange log, token capture and transport, in that order
     * @param state the connection's tokens, shared by every provider of the same connection and credentials
     * @throws IllegalArgumentException when the private key (jwt_bearer, private_key_jwt) or its certificate cannot be read
     */
    public OAuth2TokenProvider(AuthSpec.OAuth2 spec, URI tokenUri, List<Interceptor> tokenChain, Redactor redactor, OAuth2TokenState state,
            String connection, Clock clock, ObjectMapper json) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tokenUri = tokenUri;
        this.tokenChain = List.copyOf(tokenChain);
        this.redactor = redactor;
        this.state = Objects.requireNonNull(state, "state");
        this.connection = connection;
        this.json = json;
        String issuer = spec.issuer() != null ? spec.issuer() : spec.clientId();
        this.assertion = spec.grant() == Grant.JWT_BEARER
                ? new JwtAssertion(spec.privateKey(), spec.passphrase(), spec.certificate(), issuer, spec.subject() != null ? spec.subject() : issuer,
                        spec.audience() != null ? spec.audience() : tokenUri.toString(), spec.keyId(), spec.scopes(), clock)
                : null;
        this.requests = new TokenRequests(spec, tokenUri, ClientAuthentication.of(spec, clock, redactor::addSecret));
        this.answer = TokenAnswer.of(spec.tokenResponse());
    }

    /** The state of tokens obtained with {@code spec}, kept under {@code tenant} and {@code connection} in {@code store}. */
    public static OAuth2TokenState newState(AuthSpec.OAuth2 spec, CredentialRepository store, String tenant, String connection, Clock clock) {
        return new OAuth2TokenState(store, tenant, connection, CredentialFingerprints.credentials(spec), CredentialFingerprints.secrets(spec),
                spec.refreshBefore(), clock);
    }

    /**
     * Names every setting of {@code spec} (hashed), secrets included: pipelines of one connection share
     * tokens only when this is the same.
     */
    public static String settingsFingerprint(AuthSpec.OAuth2 spec) {
        return CredentialFingerprints.settings(spec);
    }

    /** A usable access token: the cached one, or a new one (one token request, however many callers wait). */
    public String accessToken(CallContext context) throws IOException {
        Token token = state.current;
        if (token != null && token.usableAt(state.now())) {
            return handOut(token);
        }
        state.lock.lock();
        try {
            token = state.current;
            if (token != null && token.usableAt(state.now())) {
                return handOut(token);
            }
            return obtain(context, null);
        } finally {
            state.lock.unlock();
        }
    }

    /** A new access token after the API rejected {@code rejected}, unless another call has replaced it already. */
    public String replaceRejected(String rejected, CallContext context) throws IOException {
        state.lock.lock();
        try {
            Token token = state.current;
            if (token != null && !token.access().equals(rejected) && token.usableAt(state.now())) {
                return handOut(token);
            }
            return obtain(context, rejected);
        } finally {
            state.lock.unlock();
        }
    }

    /** The grant, for messages. */
    public Grant grant() {
        return spec.grant();
    }

    /** The token, made a known secret of this pipeline first: another pipeline of the connection may have obtained it. */
    private String handOut(Token token) {
        if (redacted != token) {
            redactor.addSecret(token.access());
            redacted = token;
        }
        return token.access();
    }

    /**
     * Under the lock: a new token; {@code rejected} is the access token the API refused, or null when
     * it expired. The store first (another process may have saved a newer one, or marked the
     * connection as needing new credentials), then a token request under the store's refresh claim.
     */
    private String obtain(CallContext context, String rejected) throws IOException {
        boolean first = !state.loaded;
        if (first) {
            state.loaded = true;
            state.refreshToken = spec.refreshToken();
        }
        Stored stored = state.readUsable();
        if (stored == null && state.refreshToken == null) {
            state.refreshToken = spec.refreshToken(); // the entry was deleted (a reset): the configured refresh token again
        }
        String found = adopt(stored, rejected);
        if (found != null) {
            return found;
        }
        if (first && stored == null && rejected == null && spec.grant() == Grant.AUTHORIZATION_CODE && spec.accessToken() != null) {
            // expiry unknown: use it until the API refuses it
            return handOut(state.current = new Token(spec.accessToken(), null, null));
        }
        String meanwhile = state.claim(() -> adopt(state.readUsable(), rejected));
        if (meanwhile != null) {
            return meanwhile;
        }
        try {
            found = adopt(state.readUsable(), rejected); // the holder before us saved just before it let go
            return found != null ? found : request(context, rejected);
        } finally {
            state.release();
        }
    }

    /** Takes the stored refresh token; hands out the stored access token when it is usable and not the refused one, else null. */
    private String adopt(Stored stored, String rejected) {
        if (stored == null) {
            return null;
        }
        if (stored.refreshToken() != null) {
            state.refreshToken = stored.refreshToken();
            redactor.addSecret(state.refreshToken);
        }
        Token token = stored.token();
        if (token != null && token.usableAt(state.now()) && !token.access().equals(rejected)) {
            return handOut(state.current = token);
        }
        return null;
    }

    /** Under the lock and the refresh claim: the token request of the grant. */
    private String request(CallContext context, String rejected) throws IOException {
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
                if (state.refreshToken != null) {
                    try {
                        return refresh(context, rejected);
                    } catch (ApiException e) {
                        if (e.category() != ApiError.Category.AUTH) {
                            throw e;
                        }
                        state.refreshToken = null; // the refresh token is no good any more: log in again
                    }
                }
                form.put("grant_type", "password");
                form.put("username", spec.username());
                form.put("password", spec.password());
            }
            case REFRESH_TOKEN, AUTHORIZATION_CODE -> {
                if (state.refreshToken == null) {
                    throw needsReauth(new ApiException(new ApiError(ApiError.Category.AUTH, 0, "no_refresh_token", "connection '" + connection
                            + "': the access token " + (rejected != null ? "was rejected" : "has expired") + " and there is no refresh token to get a"
                            + " new one; authorize the connection again and set its access and refresh tokens", null, false,
                            "POST " + redactor.url(tokenUri))), null);
                }
                try {
                    return refresh(context, rejected);
                } catch (ApiException refused) {
                    throw invalidGrant(refused) ? needsReauth(refused, null) : refused;
                }
            }
        }
        if (spec.grant() != Grant.JWT_BEARER && spec.audience() != null) {
            form.put("audience", spec.audience());
        }
        try {
            return request(form, context);
        } catch (ApiException refused) {
            throw invalidGrant(refused) ? needsReauth(refused, null) : refused;
        }
    }

    /** The token endpoint said the grant (refresh token, password, assertion) is no good: {@code invalid_grant}. */
    private static boolean invalidGrant(ApiException refused) {
        return refused.category() == ApiError.Category.AUTH && "oauth_invalid_grant".equals(refused.error().code());
    }

    /**
     * Records that the connection needs new credentials because of {@code refused} (under the lock
     * and the claim, or taking the claim first) and returns the error to throw: {@code refused}
     * itself, with the mark recorded for the next calls, or when {@code rejectedToken} is no longer
     * what the store holds (new tokens arrived meanwhile), {@code refused} unchanged.
     */
    private ApiException needsReauth(ApiException refused, String rejectedToken) {
        String prefix = "connection '" + connection + "': ";
        String reason = refused.getMessage().startsWith(prefix) ? refused.getMessage().substring(prefix.length()) : refused.getMessage();
        state.markNeedsReauth(reason, rejectedToken);
        return refused;
    }

    /**
     * After the API refused even a new access token ({@code fresh}): records that the connection
     * needs new credentials (once, across processes), unless other tokens were stored meanwhile.
     */
    public void refusedAgain(String fresh, ApiException refused) {
        state.lock.lock();
        try {
            if (state.claim(() -> null) == null) {
                try {
                    needsReauth(refused, fresh);
                } finally {
                    state.release();
                }
            }
        } catch (ApiException busy) {
            // another process held the claim all along: its outcome stands, and the caller's refusal is thrown as it is
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * The refresh_token grant. When the token endpoint refuses the refresh token (400 invalid_grant,
     * 401: an auth error), another process sharing the store may have used and rotated it (one that
     * does not take the store's refresh claim): its stored access token is used if still usable,
     * else its newer refresh token is tried once. Only when the store holds the very token that was
     * refused does the refusal stand.
     */
    private String refresh(CallContext context, String rejected) throws IOException {
        String sent = state.refreshToken;
        redactor.addSecret(sent); // another pipeline of the connection may have obtained it
        try {
            return request(refreshForm(), context);
        } catch (ApiException refused) {
            if (refused.category() != ApiError.Category.AUTH) {
                throw refused;
            }
            Stored stored = state.readStored();
            if (stored == null || stored.refreshToken() == null || stored.refreshToken().equals(sent)) {
                throw refused; // nobody rotated it: the refresh token itself is no good
            }
            state.refreshToken = stored.refreshToken();
            redactor.addSecret(state.refreshToken);
            Token token = stored.token();
            Token had = state.current;
            if (token != null && token.usableAt(state.now()) && !token.access().equals(rejected)
                    && (had == null || !token.access().equals(had.access()))) {
                return handOut(state.current = token); // still good: no refresh needed
            }
            return request(refreshForm(), context); // once: a refusal of this one stands
        }
    }

    private Map<String, String> refreshForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", state.refreshToken);
        return form;
    }

    private String request(Map<String, String> form, CallContext context) throws IOException {
        HttpRequest request = requests.post(form);
        String grant = TokenRequests.grantName(form);
        CallContext tokenContext = new CallContext(context.runId(), context.tenant(), context.connection(), List.of(), TokenRequests.repeatable(form))
                .withOperation(CallContext.TOKEN_OPERATION);
        HttpResponse response;
        try {
            response = RealChain.start(tokenChain, request, tokenContext);
        } catch (RetriesExhaustedException e) {
            if (e.lastResponse() == null) {
                throw answers().unreachable(e, grant);
            }
            response = e.lastResponse(); // still 408, 429 or 5xx after every attempt: refused() says so
        } catch (IOException e) {
            throw answers().unreachable(e, grant);
        }
        JsonNode body = parse(response);
        String access = body == null ? null : answer.accessToken(body);
        if (!response.isSuccessful() || access == null) {
            throw answers().refused(response, body, grant);
        }
        String rotated = answer.refreshToken(body);
        Instant now = state.now();
        Instant expiresAt = answer.expiresAt(body, now);
        Token token = state.issued(access, now, expiresAt);
        if (rotated != null) {
            state.refreshToken = rotated;
        }
        state.save(token); // before anyone uses the new token: a rotated refresh token must survive a crash
        state.current = token;
        redacted = token; // the token capture has made it a known secret already
        return access;
    }

    /** What the token endpoint's failures become (built per call: {@link #summary()} follows the redactor). */
    private TokenEndpointErrors answers() {
        return new TokenEndpointErrors(connection, spec.grant(), spec.clientAuth(), answer.accessTokenPlace(), summary(), redactor);
    }

    private JsonNode parse(HttpResponse response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String summary() {
        return "POST " + redactor.url(tokenUri);
    }

    @Override
    public String toString() {
        return "OAuth2TokenProvider[" + connection + ", " + spec.grant().yamlName() + "]";
    }
}
