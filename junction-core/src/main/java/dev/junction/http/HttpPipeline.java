package dev.junction.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.internal.AuthInterceptor;
import dev.junction.http.internal.CredentialRequestHooks;
import dev.junction.http.internal.ErrorClassifier;
import dev.junction.http.internal.ExchangeLogInterceptor;
import dev.junction.http.internal.HookInterceptor;
import dev.junction.http.internal.JdkTransport;
import dev.junction.http.internal.RateLimitInterceptor;
import dev.junction.http.internal.RealChain;
import dev.junction.http.internal.RedirectInterceptor;
import dev.junction.http.internal.Redactor;
import dev.junction.http.internal.RetryInterceptor;
import dev.junction.http.internal.SessionTokenProvider;
import dev.junction.http.internal.OAuth2TokenProvider;
import dev.junction.http.internal.TlsContexts;
import dev.junction.http.internal.TokenCapture;
import dev.junction.http.internal.TracingInterceptor;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.TimeoutSpec;
import dev.junction.spec.TlsSpec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 *                   URL and form body), aws-sigv4 (URL, headers and body)
 *   → redirects     follows 3xx answers hop by hop (the JDK client never does), dropping credentials
 *                   when a hop leaves the origin
 *   → tracing       one CLIENT span per attempt and hop (when tracing is on), W3C traceparent sent
 *                   when the connector opts in ({@link Builder#propagateTrace})
 *   → exchange log  one redacted ExchangeRecord per attempt and per redirect hop
 *   → transport     the outbound address policy ({@link EgressPolicy}) on the resolved address, then
 *                   the JDK HttpClient; response bodies read up to the policy's cap
 * </pre>
 *
 * The rate limit sits inside the retry step (the design sketch has it outside) so that retries
 * draw from the budget too: the declared budget then holds for every request sent. On the way back,
 * {@link #execute} classifies every non-2xx outcome into an {@link ApiException}, in one place, and
 * tells {@link PipelineOptions#credentialsRefused} of a 401 to static credentials (an API key, a bearer
 * token, a user and password, AWS access keys).
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
    /** Told of a 401 to the connection's own credentials; {@link CredentialsRefused#NONE} for other auth. */
    private final CredentialsRefused refused;

    private HttpPipeline(List<Interceptor> interceptors, ErrorClassifier classifier, HttpClient ownClient, List<Hook> connectionHooks,
            List<Interceptor> credentialChain, CredentialsRefused refused) {
        this.interceptors = interceptors;
        this.classifier = classifier;
        this.ownClient = ownClient;
        this.connectionHooks = connectionHooks;
        this.credentialChain = credentialChain;
        this.refused = refused;
    }

    public static Builder builder(PipelineOptions options) {
        return new Builder(options);
    }

    /**
     * Sends the request through the chain. A call refused with 401 (category AUTH) while the
     * connection's auth is static is told to {@link PipelineOptions#credentialsRefused} before it throws.
     *
     * @return the response, always 2xx
     * @throws ApiException for any other status or a network failure, classified and redacted
     */
    public HttpResponse execute(HttpRequest request, CallContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        HttpResponse response;
        try {
            response = RealChain.start(interceptors, request, context);
        } catch (IOException e) {
            throw classifier.classify(request, context, e);
        }
        if (!response.isSuccessful()) {
            ApiException failure = classifier.classify(request, context, response);
            if (failure.status() == 401 && failure.category() == ApiError.Category.AUTH) {
                refused.refused(context, failure.error()); // the connection's own credentials, when its auth is static
            }
            throw failure;
        }
        ApiException inBody = classifier.classifyBody(request, context, response);
        if (inBody != null) {
            throw inBody; // an errors: rule found an error in a 2xx answer
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
     * The connection-wide hooks given to {@link Builder#connectionHooks}, as compiled: they also run
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

    /** Collects the per-connection parts of a pipeline; {@link PipelineOptions} holds the shared ones. */
    public static final class Builder {
        private final PipelineOptions options;
        private AuthSpec auth = new AuthSpec.None();
        private RetrySpec retry = RetrySpec.DEFAULT;
        private RequestRateLimiter rateLimiter = RequestRateLimiter.unlimited();
        private Map<String, RequestRateLimiter> operationRateLimiters = Map.of();
        private final Set<String> secretValues = new LinkedHashSet<>();
        private ErrorRules errorRules = ErrorRules.none();
        private TimeoutSpec timeouts;
        private String credentialTenant = "default";
        private String credentialConnection;
        private TlsSpec tls;
        private DefinitionTrust trust = DefinitionTrust.OPERATOR;
        private java.util.function.Function<java.util.function.UnaryOperator<String>, List<Hook>> connectionHooks = redact -> List.of();
        private final List<Interceptor> attemptSteps = new ArrayList<>();
        private boolean propagateTrace;
        private dev.junction.spec.ExchangeLogSpec exchangeLog = dev.junction.spec.ExchangeLogSpec.DEFAULT;

        private Builder(PipelineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** Credentials with every template already rendered; null means none. */
        public Builder auth(AuthSpec value) {
            auth = value == null ? new AuthSpec.None() : value;
            return this;
        }

        /**
         * Who stands behind the connection: a tenant's connection may not reach loopback and private
         * addresses unless {@link PipelineOptions#egress()} allows them. Null means the operator.
         */
        public Builder trust(DefinitionTrust value) {
            trust = value == null ? DefinitionTrust.OPERATOR : value;
            return this;
        }

        /** The connection's TLS settings (client certificate, trust), templates rendered; null for the JDK's defaults. */
        public Builder tls(TlsSpec value) {
            tls = value;
            return this;
        }

        /**
         * The connector-level hooks, made with the pipeline's redaction (for their error messages).
         * Besides running wherever a call carries them, they run on OAuth 2.0 token requests and
         * session logins, seeing neither the request body nor {@code Authorization} nor the response
         * body (see {@link CredentialRequestHooks}).
         */
        public Builder connectionHooks(java.util.function.Function<java.util.function.UnaryOperator<String>, List<Hook>> compile) {
            connectionHooks = Objects.requireNonNull(compile, "compile");
            return this;
        }

        /** Null means {@link RetrySpec#DEFAULT}. */
        public Builder retry(RetrySpec value) {
            if (value != null) {
                if (value.maxAttempts() < 1) {
                    throw new IllegalArgumentException("retry.maxAttempts: expected 1 or more, was " + value.maxAttempts());
                }
                Objects.requireNonNull(value.initialDelay(), "retry.initialDelay");
                Objects.requireNonNull(value.maxDelay(), "retry.maxDelay");
                if (value.initialDelay().isNegative() || value.maxDelay().compareTo(value.initialDelay()) < 0) {
                    throw new IllegalArgumentException("retry: expected 0 <= initialDelay <= maxDelay, was initialDelay="
                            + value.initialDelay() + " maxDelay=" + value.maxDelay());
                }
            }
            retry = value == null ? RetrySpec.DEFAULT : value;
            return this;
        }

        /** The connection's shared limiter (see {@link RateLimiters}). */
        public Builder rateLimiter(RequestRateLimiter value) {
            rateLimiter = Objects.requireNonNull(value, "rateLimiter");
            return this;
        }

        /**
         * Limiters of single operations ({@code stream:NAME}, {@code action:NAME}, by
         * {@link CallContext#operation()}): a call of one takes a permit from it before the
         * connection's, for an endpoint with a stricter limit than the API's.
         */
        public Builder operationRateLimiters(Map<String, RequestRateLimiter> value) {
            operationRateLimiters = Map.copyOf(value);
            return this;
        }

        /** Values that must never be logged (resolved secrets); the auth values are added by themselves. */
        public Builder secretValues(Collection<String> values) {
            values.stream().filter(Objects::nonNull).forEach(secretValues::add);
            return this;
        }

        /** The connector's {@code errors:} rules; null or empty means none. */
        public Builder errorRules(List<ErrorRuleSpec> rules) {
            errorRules = ErrorRules.of(rules);
            return this;
        }

        /** The connector's timeouts; each part that is null keeps {@link PipelineOptions}' value. */
        public Builder timeouts(TimeoutSpec value) {
            if (value != null) {
                requirePositiveOrNull(value.connect(), "timeouts.connect");
                requirePositiveOrNull(value.read(), "timeouts.read");
                requirePositiveOrNull(value.total(), "timeouts.total");
            }
            timeouts = value;
            return this;
        }

        /**
         * A step run on every attempt, after the rate limit and before the exchange log, so what it
         * adds is fresh on each retry and logged (redacted): WS-Security nonces and timestamps. Null
         * adds nothing.
         */
        public Builder attemptStep(Interceptor step) {
            if (step != null) {
                attemptSteps.add(step);
            }
            return this;
        }

        /**
         * Whether requests carry the W3C {@code traceparent} of their span (the connector's
         * {@code tracing.propagate}); false unless set. Without tracing on there is nothing to send.
         */
        public Builder propagateTrace(boolean value) {
            propagateTrace = value;
            return this;
        }

        /**
         * What the exchange log keeps of successful attempts (the connection's {@code exchangeLog:},
         * else the connector's); null keeps {@link dev.junction.spec.ExchangeLogSpec#DEFAULT}. Failed
         * attempts are kept in full whatever this says.
         */
        public Builder exchangeLog(dev.junction.spec.ExchangeLogSpec value) {
            exchangeLog = value == null ? dev.junction.spec.ExchangeLogSpec.DEFAULT : value;
            return this;
        }

        /** Whose credentials these are: OAuth tokens are stored under this tenant and connection. */
        public Builder connection(String tenant, String name) {
            credentialTenant = Objects.requireNonNull(tenant, "tenant");
            credentialConnection = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the auth settings cannot be used (an OAuth token URL
         *     that is not an absolute http(s) URL, a private key that cannot be read)
         */
        private static void requirePositiveOrNull(Duration value, String name) {
            if (value != null && !value.isPositive()) {
                throw new IllegalArgumentException(name + ": expected a positive duration, was " + value);
            }
        }

        public HttpPipeline build() {
            Set<String> secrets = new LinkedHashSet<>(secretValues);
            secrets.addAll(AuthInterceptor.secretValues(auth));
            Redactor redactor = new Redactor(secrets, options.bodyLogLimit());
            Duration connectTimeout = timeouts != null && timeouts.connect() != null ? timeouts.connect() : options.connectTimeout();
            Duration readTimeout = timeouts != null && timeouts.read() != null ? timeouts.read() : options.requestTimeout();
            Duration totalTimeout = timeouts == null ? null : timeouts.total();
            boolean shared = options.httpClients() != null && credentialConnection != null;
            HttpClient client = shared ? options.httpClients().forConnection(credentialTenant, credentialConnection, connectTimeout, tls)
                    : JdkTransport.newClient(connectTimeout, TlsContexts.build(tls));
            ErrorClassifier classifier = new ErrorClassifier(redactor, new ObjectMapper(), readTimeout, errorRules);
            AuthInterceptor authStep;
            Interceptor signing;
            List<Hook> hooks;
            List<Interceptor> credentialChain;
            JdkTransport transport = new JdkTransport(client, readTimeout, options.egress(), trust, redactor);
            RedirectInterceptor redirects = new RedirectInterceptor(options.egress().maxRedirects(), redactor);
            try {
                hooks = List.copyOf(connectionHooks.apply(classifier::redact));
                Interceptor credentialHooks = new CredentialRequestHooks(hooks);
                credentialChain = List.of(credentialHooks, redirects, new TracingInterceptor(options.tracing(), propagateTrace, redactor),
                        new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), null,
                                exchangeLog),
                        new TokenCapture(redactor, new ObjectMapper()), transport);
                authStep = new AuthInterceptor(auth, tokenProvider(redactor, credentialChain),
                        sessionProvider(redactor, transport, redirects, credentialHooks), classifier);
                signing = AuthInterceptor.attemptSigner(auth, options.clock());
            } catch (RuntimeException e) {
                if (!shared) {
                    client.close();
                }
                throw e;
            }

            List<Interceptor> chain = new ArrayList<>(options.interceptors());
            chain.add(new HookInterceptor());
            chain.add(authStep);
            chain.add(new RetryInterceptor(retry, options.sleeper(), options.clock(), options.listener(), options.jitter(), options.maxRetryAfter(),
                    errorRules, totalTimeout));
            chain.add(new RateLimitInterceptor(rateLimiter, operationRateLimiters, options.sleeper(), options.listener()));
            chain.addAll(attemptSteps);
            if (signing != null) {
                chain.add(signing); // after retry and every step that sets headers or the body: each attempt signed anew over them (traceparent unsigned)
            }
            chain.add(redirects);
            chain.add(new TracingInterceptor(options.tracing(), propagateTrace, redactor));
            chain.add(new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), errorRules, exchangeLog));
            chain.add(transport);
            return new HttpPipeline(List.copyOf(chain), classifier, shared ? null : client, hooks, credentialChain,
                    AuthSpec.isStatic(auth) ? options.credentialsRefused() : CredentialsRefused.NONE);
        }

        /** For session login: login requests go through their own short chain, exchange log included. */
        private SessionTokenProvider sessionProvider(Redactor redactor, Interceptor transport, Interceptor redirects, Interceptor hooks) {
            if (!(auth instanceof AuthSpec.Session session)) {
                return null;
            }
            URI loginUri;
            try {
                loginUri = URI.create(session.loginUrl());
                HttpRequest.of(session.method(), loginUri); // checks that it is an absolute http(s) URL
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth.loginUrl: expected an absolute http(s) URL, found '" + session.loginUrl() + "'");
            }
            return new SessionTokenProvider(session, loginUri, hooks, redirects, new ExchangeLogInterceptor(options.exchangeSink(), options.listener(),
                    redactor, options.clock(), null, exchangeLog), transport, redactor, options.clock(), new ObjectMapper());
        }

        /** For OAuth 2.0: token requests go through their own short chain, exchange log included. */
        private OAuth2TokenProvider tokenProvider(Redactor redactor, List<Interceptor> tokenChain) {
            if (!(auth instanceof AuthSpec.OAuth2 oauth)) {
                return null;
            }
            URI tokenUri;
            try {
                tokenUri = URI.create(oauth.tokenUrl());
                HttpRequest.of("POST", tokenUri); // checks that it is an absolute http(s) URL
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth.tokenUrl: expected an absolute http(s) URL, found '" + oauth.tokenUrl() + "'");
            }
            ObjectMapper json = new ObjectMapper();
            // Without a connection name there is no key to share or store tokens under: keep them to this pipeline, in memory.
            var state = credentialConnection == null
                    ? OAuth2TokenProvider.newState(oauth, dev.junction.store.CredentialRepository.inMemory(), credentialTenant, "unnamed", options.clock())
                    : options.oauthTokens().forConnection(credentialTenant, credentialConnection, oauth, options.credentials(), options.clock(),
                            options.sleeper());
            return new OAuth2TokenProvider(oauth, tokenUri, tokenChain, redactor, state, credentialConnection == null ? "unnamed" : credentialConnection,
                    options.clock(), json);
        }
    }
}
