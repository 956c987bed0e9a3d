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
import dev.junction.json.JsonPath;
import dev.junction.spec.AuthSpec;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The token of a session-login connection: obtained by calling the login endpoint, kept in memory
 * and reused until it expires (from {@code expiresInPath}, else {@code ttl}, else never) or the API
 * rejects it. Single-flight: one lock guards logging in, so concurrent calls that find no valid
 * token cause one login. The login request goes through its own short chain (exchange log → token
 * capture → transport): the token becomes a known secret before the exchange is logged.
 */
public final class SessionTokenProvider {
    private final AuthSpec.Session spec;
    private final URI loginUri;
    private final List<Interceptor> chain;
    private final Redactor redactor;
    private final Clock clock;
    private final ObjectMapper json;
    private final JsonPath tokenPath;
    private final JsonPath expiresInPath;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token current;

    private record Token(String value, Instant expiresAt) {}

    /**
     * @param hooks the connection's hooks, run on the login request with its credentials hidden
     * @param retries the retry step: a login is repeated like an idempotent call (a second session does no harm)
     * @param redirects the redirect step: each hop of the login is logged and checked like any request
     * @param log the exchange-log step shared with the connection
     * @param transport the transport shared with the connection
     */
    public SessionTokenProvider(AuthSpec.Session spec, URI loginUri, Interceptor hooks, Interceptor retries, Interceptor redirects, Interceptor log,
            Interceptor transport, Redactor redactor, Clock clock, ObjectMapper json) {
        this.spec = spec;
        this.loginUri = loginUri;
        this.redactor = redactor;
        this.clock = clock;
        this.json = json;
        this.tokenPath = JsonPath.parse(spec.tokenPath());
        this.expiresInPath = spec.expiresInPath() == null ? null : JsonPath.parse(spec.expiresInPath());
        this.chain = List.of(hooks, retries, redirects, log, this::capture, transport);
    }

    /** A token that has not expired, logging in first when there is none. */
    public String token(CallContext context) {
        Token token = current;
        if (valid(token)) {
            return token.value();
        }
        lock.lock();
        try {
            token = current;
            if (!valid(token)) {
                token = login(context);
                current = token;
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** Logs in again after {@code rejected} was refused, unless another call already did. */
    public String replaceRejected(String rejected, CallContext context) {
        lock.lock();
        try {
            Token token = current;
            if (token == null || token.value().equals(rejected) || !valid(token)) {
                token = login(context);
                current = token;
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** {@code METHOD loginUrl}, for messages. */
    public String summary() {
        return spec.method() + " " + redactor.url(loginUri);
    }

    private boolean valid(Token token) {
        return token != null && (token.expiresAt() == null || clock.instant().isBefore(token.expiresAt()));
    }

    private Token login(CallContext context) {
        String connection = context.connection() == null ? "the connection" : "connection '" + context.connection() + "'";
        HttpRequest request = HttpRequest.of(spec.method(), loginUri).withHeader("Accept", "application/json");
        if (!spec.body().isEmpty()) {
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
        JsonNode token = body == null ? null : tokenPath.find(body);
        if (RetryInterceptor.isRetryableStatus(response.status())) {
            throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, response.status(), "login_unavailable", connection + ": the session login at "
                    + summary() + " answered HTTP " + response.status() + "; try again later", redactor.excerpt(response.bodyText(), 2_000), true, summary()));
        }
        if (!response.isSuccessful() || token == null || !token.isValueNode() || token.asText().isEmpty()) {
            String why = !response.isSuccessful() ? "answered HTTP " + response.status()
                    : "answered without a token at " + spec.tokenPath();
            throw new ApiException(new ApiError(ApiError.Category.AUTH, response.status(), "login_failed", connection + ": the session login at "
                    + summary() + " " + why + "; check the login credentials (auth.body) and auth.tokenPath", redactor.excerpt(response.bodyText(), 2_000), false, summary()));
        }
        Instant expiresAt = null;
        JsonNode expiresIn = body == null || expiresInPath == null ? null : expiresInPath.find(body);
        if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
            expiresAt = clock.instant().plusSeconds(expiresIn.asLong());
        } else if (spec.ttl() != null) {
            expiresAt = clock.instant().plus(spec.ttl());
        }
        return new Token(token.asText(), expiresAt);
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
        JsonNode body = parse(response);
        JsonNode token = body == null ? null : tokenPath.find(body);
        if (token != null && token.isValueNode()) {
            redactor.addSecret(token.asText());
        }
        return response;
    }

    private JsonNode parse(HttpResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException notJson) {
            return null;
        }
    }
}
