package dev.junction.http;

import dev.junction.http.internal.AuthInterceptor;
import dev.junction.http.internal.CredentialRefusal;
import dev.junction.http.internal.ErrorClassifier;
import dev.junction.http.internal.RealChain;
import dev.junction.http.internal.Redactor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP pipeline of one connection: one ordered list of interceptors, assembled here and nowhere
 * else.
 *
 * <pre>
 *   user interceptors (PipelineOptions.interceptors, in order)
 *   → hooks         the call's {@link Hook}s (CallContext.hooks: YAML hooks and Java SPI hooks)
 *   → auth          adds the credentials
 *   → retry         repeats failed attempts (backoff with full jitter, Retry-After)
 *   → rate limit    waits for a permit of the connection's budget, per attempt
 *   → attempt steps per-attempt credentials (WS-Security UsernameToken), when configured
 *   → signing       signs each attempt anew over what it sends: oauth1 (fresh nonce and timestamp,
 *                   URL and form body), aws-sigv4 (URL, headers and body), hmac (the attempt's
 *                   timestamp, its query and body as the connector's signedContent says)
 *   → redirects     follows 3xx answers hop by hop (the JDK client never does), dropping credentials
 *                   when a hop leaves the origin
 *   → tracing       one CLIENT span per attempt and hop (when tracing is on), W3C traceparent sent
 *                   when the connector opts in ({@link HttpPipelineBuilder#propagateTrace})
 *   → exchange log  one redacted ExchangeRecord per attempt and per redirect hop
 *   → transport     the outbound address policy ({@link EgressPolicy}) on the resolved address, then
 *                   the JDK HttpClient; response bodies read up to the policy's cap
 * </pre>
 *
 * The rate limit sits inside the retry step (the design sketch has it outside) so that retries
 * draw from the budget too: the declared budget then holds for every request sent. On the way back,
 * {@link #execute} classifies every non-2xx outcome into an {@link ApiException}, in one place, and
 * tells {@link PipelineOptions#credentialsRefused} of a refusal of static credentials (an API key, a
 * bearer token, a user and password: a 401; AWS access keys: a 403 or 401 whose AWS code refuses them;
 * OAuth 1.0a: a 401 that is not a refused timestamp or nonce; HMAC: a 401, or a provider code of a bad
 * key or signature, also in a 2xx an {@code as: auth} error rule found — see {@link CredentialsRefused}).
 *
 * <p>OAuth 2.0 token requests and session logins take a short chain of their own (connection hooks
 * with credentials hidden → redirects → exchange log → token capture → transport, sharing the
 * redactor, the client and the address policy), so they are logged with every token redacted. OAuth 2.0 tokens themselves are shared by
 * every pipeline of the same connection ({@link OAuthTokens} in the options): whichever pipeline
 * finds the token expired first replaces it, through its own chain, for all of them.
 *
 * <p>Thread-safe: one pipeline serves every call of its connection. Close it to release the client.
 */
public final class HttpPipeline implements AutoCloseable {
    private final List<Interceptor> interceptors;
    private final ErrorClassifier classifier;
    /** The JDK client this pipeline opened and closes; null when it uses a shared one. */
    private final HttpClient ownClient;

    private final List<Hook> connectionHooks;
    /** The short chain of credential requests (see {@link #sendCredentialRequest}). */
    private final List<Interceptor> credentialChain;
    /** Which failures refuse the connection's own credentials ({@link CredentialRefusal#NEVER} for auth that obtains its own). */
    private final CredentialRefusal refusal;
    /** Told of those failures. */
    private final CredentialsRefused refused;

    /** Hides the connection's secrets in every log of this pipeline. */
    private final Redactor redactor;
    /** The chain of downloads from URLs the API handed out (see {@link #download}). */
    private final List<Interceptor> downloadChain;

    HttpPipeline(List<Interceptor> interceptors, ErrorClassifier classifier, HttpClient ownClient, List<Hook> connectionHooks,
            List<Interceptor> credentialChain, CredentialRefusal refusal, CredentialsRefused refused, Redactor redactor,
            List<Interceptor> downloadChain) {
        this.redactor = redactor;
        this.downloadChain = downloadChain;
        this.interceptors = interceptors;
        this.classifier = classifier;
        this.ownClient = ownClient;
        this.connectionHooks = connectionHooks;
        this.credentialChain = credentialChain;
        this.refusal = refusal;
        this.refused = refused;
    }

    public static HttpPipelineBuilder builder(PipelineOptions options) {
        return new HttpPipelineBuilder(options);
    }

    /**
     * Sends the request through the chain. A call whose answer refuses the connection's static
     * credentials ({@link CredentialsRefused} says which) is told to {@link PipelineOptions#credentialsRefused} before it throws.
     *
     * @return the response, always 2xx
     * @throws ApiException for any other status or a network failure, classified and redacted
     */
    public HttpResponse execute(HttpRequest request, CallContext context) {
        HttpResponse response = send(request, context, false);
        if (!response.isSuccessful()) {
            ApiException failure = classifier.classify(request, context, response);
            if (refusal.refused(failure.error())) {
                refused.refused(context, failure.error()); // the connection's own credentials, which nothing here can refresh
            }
            throw failure;
        }
        ApiException inBody = classifier.classifyBody(request, context, response);
        if (inBody != null) {
            if (refusal.refused(inBody.error())) {
                refused.refused(context, inBody.error()); // Bybit answers 200 with retCode 10004 (bad signature): an auth rule names it
            }
            throw inBody; // an errors: rule found an error in a 2xx answer
        }
        return response;
    }

    /**
     * Sends the request through the chain, as {@link #execute} does, and answers whatever status came back
     * once the retries are done: a proxy passes the API's 404 or 422 on as it is. A refusal of the
     * connection's static credentials is still told to {@link PipelineOptions#credentialsRefused}; the
     * connector's error rules for 2xx bodies are not applied (the caller reads the body).
     *
     * @return the response, whatever its status
     * @throws ApiException when nothing came back: a network failure, a refused address, a body over the cap
     */
    public HttpResponse exchange(HttpRequest request, CallContext context) {
        HttpResponse response = send(request, context, true);
        if (!response.isSuccessful()) {
            ApiError error = classifier.classify(request, context, response).error();
            if (refusal.refused(error)) {
                refused.refused(context, error);
            }
        }
        return response;
    }

    /** The chain's answer; with {@code lastAnswer}, a 429 or 5xx the retries gave up on too. A network failure is classified and thrown. */
    private HttpResponse send(HttpRequest request, CallContext context, boolean lastAnswer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        try {
            return RealChain.start(interceptors, request, context);
        } catch (RetriesExhaustedException e) {
            if (lastAnswer && e.lastResponse() != null) {
                return e.lastResponse(); // still 429 or 5xx after every attempt: the caller sees it
            }
            throw classifier.classify(request, context, e);
        } catch (IOException e) {
            throw classifier.classify(request, context, e);
        }
    }

    /**
     * Fetches a URL the API handed out on another host — a job's results as a signed link to a storage
     * service (Shopify's bulk operations, Amazon's report documents, HubSpot's exports) — through a chain
     * without the connection's credentials: retry (the connector's settings, no error rules) → redirects →
     * tracing → exchange log → transport (the outbound address policy, the response cap). No hooks, auth,
     * signing or rate limit: such a link carries its own authorization, the connection's credentials must not
     * go to a host the connector does not name, and the storage host's requests do not count against the
     * API's budget. A non-2xx answer fails as {@link #execute} fails, without marking the connection's
     * credentials refused (an expired link is not the connection's fault).
     *
     * @return the response, always 2xx
     * @throws ApiException for any other status or a network failure, classified and redacted
     */
    public HttpResponse download(HttpRequest request, CallContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        HttpResponse response;
        try {
            response = RealChain.start(downloadChain, request, context);
        } catch (IOException e) {
            throw classifier.classify(request, context, e);
        }
        if (!response.isSuccessful()) {
            ApiException failure = classifier.classify(request, context, response);
            ApiError error = failure.error();
            if (error.category() == ApiError.Category.AUTH) {
                // nothing of the connection's was sent: the link itself was refused (expired, or not valid for this host)
                int advice = error.message().indexOf("; check the credentials of");
                String said = advice < 0 ? error.message() : error.message().substring(0, advice);
                throw new ApiException(new ApiError(ApiError.Category.PERMANENT, error.status(), "link_refused", said + "; the link came from the"
                        + " API's answer and was sent without the connection's credentials: it may have expired (a later run asks for a new one)",
                        error.providerDetail(), false, error.request(), error.providerCode()));
            }
            throw failure;
        }
        return response;
    }

    /**
     * Sends one credential request of the connection that is not a token refresh the pipeline makes
     * by itself — an authorization-code exchange, a discovery document, a token revocation, a userinfo
     * call — through the chain token requests take: connection hooks with credentials hidden →
     * redirects → exchange log → token capture (every token in the answer becomes a secret before it
     * is logged) → transport (the outbound address policy, the response cap). No auth, retry or rate
     * limit: these are one-off calls of the connect flow, outside the connection's budget.
     *
     * @return the answer, whatever its status (the caller reads the OAuth error in it)
     * @throws ApiException when nothing came back: a network failure, a refused address, a body over the cap
     */
    public HttpResponse sendCredentialRequest(HttpRequest request, CallContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        try {
            return RealChain.start(credentialChain, request, context);
        } catch (IOException e) {
            throw classifier.classify(request, context, e);
        }
    }

    /**
     * Obtains the credentials the auth step sends (an OAuth 2.0 access token, a session token): the
     * cached ones, or new ones from the token or login endpoint, which is logged like any call.
     * Nothing is sent to the API: this tells whether the connection can authenticate.
     *
     * @return false when its auth has nothing to obtain (none, API key, bearer, basic, OAuth 1.0a, AWS SigV4)
     * @throws ApiException when they cannot be obtained (AUTH {@code needs_reauth} when the
     *     connection is marked as needing new credentials)
     */
    public boolean authenticate(CallContext context) {
        for (Interceptor step : interceptors) {
            if (step instanceof dev.junction.http.internal.AuthInterceptor auth) {
                try {
                    return auth.authenticate(context);
                } catch (IOException e) {
                    throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, "network", "could not obtain the credentials of "
                            + (context.connection() == null ? "the connection" : "connection '" + context.connection() + "'") + ": "
                            + classifier.redact(String.valueOf(e.getMessage())), null, true, "authenticate"), e);
                }
            }
        }
        return false;
    }

    /** {@code METHOD url} with secrets hidden, for messages about this request. */
    public String describe(HttpRequest request) {
        return classifier.summary(request);
    }

    /** Text with this connection's secrets hidden, cut at 2,000 characters; for error details. */
    public String redact(String text) {
        return classifier.redact(text);
    }

    /**
     * The whole of {@code text} with every secret value of this connection replaced by {@code [redacted]} (its credentials, and
     * the tokens it obtained): for an answer handed on to a caller who must not see them (a proxied request's).
     */
    public String withoutSecrets(String text) {
        return redactor.text(text);
    }

    /**
     * Makes {@code value} one of the secrets this pipeline's logs hide, from now on: a credential made
     * at call time outside the pipeline's own auth, such as the client assertion the connect page signs.
     */
    public void hideSecret(String value) {
        redactor.addSecret(value);
    }

    /**
     * The connection-wide hooks given to {@link HttpPipelineBuilder#connectionHooks}, as compiled: they also run
     * on token and login requests (with credentials hidden); calls add them to their own.
     */
    public List<Hook> connectionHooks() {
        return connectionHooks;
    }

    /** The chain, in order; the last one is the transport. */
    public List<Interceptor> interceptors() {
        return interceptors;
    }

    /** Closes the pipeline's own JDK client; a client shared through {@link HttpClients} stays open. */
    @Override
    public void close() {
        if (ownClient != null) {
            ownClient.close();
        }
    }
}
