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
import dev.junction.http.internal.SessionTokenState.Token;
import dev.junction.json.JsonPath;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The token of a session-login connection: obtained by calling the login endpoint and reused until it
 * expires (from {@code expiresInPath} or {@code expiresAtPath}, else {@code ttl}, else never) or the API rejects it. The token
 * lives in a {@link SessionTokenState} that every provider of the same connection in the process
 * shares, and in the store (encrypted): a new process, or another node, uses the stored session
 * instead of logging in. Single-flight: the state's lock guards logging in, so concurrent calls that
 * find no valid token cause one login; across processes the store's claim does the same. The login
 * request goes through its own short chain (exchange log → token capture → transport): the token
 * becomes a known secret before the exchange is logged, and a token from the store or from another
 * pipeline before this pipeline sends it.
 */
public final class SessionTokenProvider {
    private final AuthSpec.Session spec;
    private final URI loginUri;
    private final List<Interceptor> chain;
    private final Redactor redactor;
    private final SessionTokenState state;
    private final ObjectMapper json;
    private final JsonPath tokenPath;
    private final TokenAnswer expiry; // reads expiresInPath or expiresAtPath, as OAuth's tokenResponse does; null without either
    private volatile Token redacted; // the last token this provider's redactor learned
    private volatile boolean reconciled; // whether this provider has compared the process's session with the store's

    /**
     * What replaced a refused token.
     *
     * @param fromStore whether it came from the store (another process's login) rather than a login of this process: the
     *     API may refuse it too, and then the caller may ask once more, which logs in
     */
    public record Replacement(String token, boolean fromStore) {}

    /**
     * @param state the connection's session, shared by every provider of the same connection and login settings
     * @param hooks the connection's hooks, run on the login request with its credentials hidden
     * @param retries the retry step: a login is repeated like an idempotent call (a second session does no harm)
     * @param loginAuth the step that adds the login request's own credentials on each attempt ({@code auth.loginAuth}), or null
     * @param redirects the redirect step: each hop of the login is logged and checked like any request
     * @param log the exchange-log step shared with the connection
     * @param transport the transport shared with the connection
     */
    public SessionTokenProvider(AuthSpec.Session spec, URI loginUri, SessionTokenState state, Interceptor hooks, Interceptor retries,
            Interceptor loginAuth, Interceptor redirects, Interceptor log, Interceptor transport, Redactor redactor, ObjectMapper json) {
        this.spec = spec;
        this.loginUri = loginUri;
        this.state = java.util.Objects.requireNonNull(state, "state");
        this.redactor = redactor;
        this.json = json;
        this.tokenPath = spec.tokenPath() == null ? null : JsonPath.parse(spec.tokenPath());
        this.expiry = spec.expiresInPath() == null && spec.expiresAtPath() == null ? null
                : TokenAnswer.of(new AuthSpec.TokenResponse(null, null, spec.expiresInPath(), spec.expiresAtPath()));
        List<Interceptor> steps = new java.util.ArrayList<>(List.of(hooks, retries));
        if (loginAuth != null) {
            steps.add(loginAuth);
        }
        steps.addAll(List.of(redirects, log, this::capture, transport));
        this.chain = List.copyOf(steps);
    }

    /**
     * A token that has not expired: the one in use, a stored one, or one from a new login. The first
     * call of this provider (of a run, a check) reads the store once: a session deleted there since
     * (new secrets, a reset, the connection deleted, the tenant erased) is not used from memory any
     * more, and one another process stored meanwhile replaces this process's.
     */
    public String token(CallContext context) {
        Token token = state.current;
        if (reconciled && valid(token)) {
            return handOut(token);
        }
        state.lock.lock();
        try {
            if (!reconciled) {
                reconcile();
                reconciled = true;
            }
            token = state.current;
            return handOut(valid(token) ? token : obtain(context, null));
        } finally {
            state.lock.unlock();
        }
    }

    /** Under the lock: the store's session (or none) in place of the process's, unless they are the same. */
    private void reconcile() {
        Token held = state.current;
        if (held != null) {
            Token stored = state.readUsable(null);
            if (stored == null || !stored.value().equals(held.value())) {
                state.current = stored;
            }
        }
    }

    /** Another token after {@code rejected} was refused: one another call or process obtained meanwhile, else a new login. */
    public Replacement replaceRejected(String rejected, CallContext context) {
        state.lock.lock();
        try {
            Token token = state.current;
            if (token == null || token.value().equals(rejected) || !valid(token)) {
                token = obtain(context, rejected);
            }
            return new Replacement(handOut(token), token.stored());
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Under the lock: the stored session when it is usable (not expired, not {@code rejected}), else a
     * login under the store's claim, whose token replaces the stored one. The refused token leaves the
     * store before the login, so no process uses it again even when the login fails.
     */
    private Token obtain(CallContext context, String rejected) {
        Token found = adopt(state.readUsable(rejected));
        if (found != null) {
            return found;
        }
        if (state.claim(() -> {
            Token meanwhile = adopt(state.readUsable(rejected));
            return meanwhile == null ? null : meanwhile.value();
        }) != null) {
            return state.current; // another process logged in while this one waited
        }
        try {
            found = adopt(state.readUsable(rejected)); // the holder before us saved just before it let go
            if (found != null) {
                return found;
            }
            if (rejected != null) {
                state.discard(rejected);
            }
            Token token = login(context);
            state.save(token);
            state.current = token;
            redacted = token; // the token capture has made it a known secret already
            return token;
        } finally {
            state.release();
        }
    }

    private Token adopt(Token stored) {
        if (stored != null) {
            state.current = stored;
        }
        return stored;
    }

    /** The token, made a known secret of this pipeline first: another pipeline or process may have obtained it. */
    private String handOut(Token token) {
        if (redacted != token) {
            redactor.addSecret(token.value());
            redacted = token;
        }
        return token.value();
    }

    /** {@code METHOD loginUrl}, for messages. */
    public String summary() {
        return spec.method() + " " + redactor.url(loginUri);
    }

    private boolean valid(Token token) {
        return token != null && token.validAt(state.now());
    }

    private Token login(CallContext context) {
        String connection = context.connection() == null ? "the connection" : "connection '" + context.connection() + "'";
        HttpRequest request = HttpRequest.of(spec.method(), loginUri).withHeader("Accept", "application/json");
        for (var header : spec.headers().entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        if (!spec.body().isEmpty() && spec.formBody()) {
            StringBuilder form = new StringBuilder();
            spec.body().forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .append('=').append(java.net.URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
            request = request.withBody(form.toString(), "application/x-www-form-urlencoded");
        } else if (!spec.body().isEmpty()) {
            try {
                request = request.withBody(json.writeValueAsString(spec.body()), "application/json");
            } catch (IOException e) {
                throw new IllegalStateException("the login body cannot be written as JSON", e);
            }
        }
        HttpResponse response;
        try {
            response = RealChain.start(chain, request, new CallContext(context.runId(), context.tenant(), context.connection(), List.of(), true)
                .withOperation(CallContext.LOGIN_OPERATION));
        } catch (RetriesExhaustedException e) {
            if (e.lastResponse() == null) {
                throw unreachable(e, connection);
            }
            response = e.lastResponse(); // still 408, 429 or 5xx after every attempt: classified below
        } catch (IOException e) {
            throw unreachable(e, connection);
        }
        JsonNode body = parse(response);
        String token = token(response, body);
        if (RetryInterceptor.isRetryableStatus(response.status())) {
            throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, response.status(), "login_unavailable", connection + ": the session login at "
                    + summary() + " answered HTTP " + response.status() + "; try again later", redactor.excerpt(response.bodyText(), 2_000), true, summary()));
        }
        if (!response.isSuccessful() || token == null || token.isEmpty()) {
            String why = !response.isSuccessful() ? "answered HTTP " + response.status()
                    : "answered without a token " + (spec.tokenPath() != null ? "at " : "in its ") + spec.tokenSource();
            throw new ApiException(new ApiError(ApiError.Category.AUTH, response.status(), "login_failed", connection + ": the session login at "
                    + summary() + " " + why + "; check the login credentials ("
                    + (spec.loginAuth() == null ? "auth.body" : spec.body().isEmpty() ? "auth.loginAuth" : "auth.body, auth.loginAuth") + ") and auth." + (spec.tokenHeader() != null ? "tokenHeader" : spec.tokenCookie() != null ? "tokenCookie" : "tokenPath"),
                    redactor.excerpt(response.bodyText(), 2_000), false, summary()));
        }
        // expiresAtPath: GitHub's installation token says {"token": "ghs_...", "expires_at": "2026-12-07T16:00:00Z"}
        Instant expiresAt = expiry == null || body == null ? null : expiry.expiresAt(body, state.now());
        if (expiresAt == null) {
            // a token cookie's own Max-Age or Expires, or ttl: whichever ends first
            Instant cookieEnds = spec.tokenCookie() == null ? null : SessionCookies.expiresAt(response.headers("Set-Cookie"), spec.tokenCookie(), state.now());
            Instant ttlEnds = spec.ttl() == null ? null : state.now().plus(spec.ttl());
            expiresAt = cookieEnds == null ? ttlEnds : ttlEnds == null || cookieEnds.isBefore(ttlEnds) ? cookieEnds : ttlEnds;
        }
        return new Token(token, expiresAt, false);
    }

    private ApiException unreachable(IOException e, String connection) {
        NetworkFailure network = NetworkFailure.of(e);
        return new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, network.code(), connection + ": could not log in at " + summary()
                + ": " + redactor.text(network.description()) + "; check auth.loginUrl and that the server is reachable", null, true,
                summary()), e);
    }

    /** Between exchange log and transport: the token becomes a secret before the login answer is logged. */
    private HttpResponse capture(Interceptor.Chain next) throws IOException {
        HttpResponse response = next.proceed(next.request());
        String token = token(response, parse(response));
        if (token != null && !token.isEmpty()) {
            redactor.addSecret(token);
        }
        return response;
    }

    /**
     * The token where the connector says the answer carries it: a header (OpenStack's {@code X-Subject-Token}), a cookie the
     * answer sets ({@code Set-Cookie: QualysSession=...}), or a value at a JSON path of its body. Null when it is not there.
     */
    private String token(HttpResponse response, JsonNode body) {
        if (spec.tokenHeader() != null) {
            return response.header(spec.tokenHeader());
        }
        if (spec.tokenCookie() != null) {
            for (String header : response.headers("Set-Cookie")) {
                try {
                    for (java.net.HttpCookie cookie : java.net.HttpCookie.parse(header)) {
                        if (cookie.getName().equals(spec.tokenCookie()) && !cookie.getValue().isEmpty()) {
                            return cookie.getValue();
                        }
                    }
                } catch (IllegalArgumentException malformed) {
                    // a cookie the JDK cannot read is not the token; the others may be
                }
            }
            return null;
        }
        JsonNode token = body == null ? null : tokenPath.find(body);
        return token != null && token.isValueNode() && !token.isNull() ? token.asText() : null;
    }

    private JsonNode parse(HttpResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException notJson) {
            return null;
        }
    }
}
