package dev.junction.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.internal.AssumedRole;
import dev.junction.http.internal.AwsSigV4Signer;
import dev.junction.http.internal.AuthInterceptor;
import dev.junction.http.internal.CredentialRefusal;
import dev.junction.http.internal.CredentialRequestHooks;
import dev.junction.http.internal.ErrorClassifier;
import dev.junction.http.internal.ExchangeLogInterceptor;
import dev.junction.http.internal.HmacSigner;
import dev.junction.http.internal.HookInterceptor;
import dev.junction.http.internal.JdkTransport;
import dev.junction.http.internal.OAuth1Signer;
import dev.junction.http.internal.OAuth2TokenProvider;
import dev.junction.http.internal.RateLimitInterceptor;
import dev.junction.http.internal.Redactor;
import dev.junction.http.internal.RedirectInterceptor;
import dev.junction.http.internal.RetryInterceptor;
import dev.junction.http.internal.JwtSigner;
import dev.junction.http.internal.SessionTokenProvider;
import dev.junction.http.internal.SessionTokenState;
import dev.junction.http.internal.TlsContexts;
import dev.junction.http.internal.TokenAnswer;
import dev.junction.http.internal.TokenCapture;
import dev.junction.http.internal.TracingInterceptor;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.ErrorRuleSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.TimeoutSpec;
import dev.junction.spec.TlsSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Collects the per-connection parts of a pipeline; {@link PipelineOptions} holds the shared ones. */
public final class HttpPipelineBuilder {
    private final PipelineOptions options;
    private AuthSpec auth = new AuthSpec.None();
    private AuthSpec.TokenResponse tokenResponse;
    /** The longest a token or login request waits between its attempts in all: well within the 60 s refresh claim. */
    static final Duration CREDENTIAL_RETRY_WAIT = Duration.ofSeconds(30);

    private RetrySpec retry = RetrySpec.DEFAULT;
    private EgressProxy proxy;
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

    HttpPipelineBuilder(PipelineOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Credentials with every template already rendered; null means none. */
    public HttpPipelineBuilder auth(AuthSpec value) {
        auth = value == null ? new AuthSpec.None() : value;
        return this;
    }

    /**
     * Who stands behind the connection: a tenant's connection may not reach loopback and private
     * addresses unless {@link PipelineOptions#egress()} allows them. Null means the operator.
     */
    public HttpPipelineBuilder trust(DefinitionTrust value) {
        trust = value == null ? DefinitionTrust.OPERATOR : value;
        return this;
    }

    /** The connection's TLS settings (client certificate, trust), templates rendered; null for the JDK's defaults. */
    public HttpPipelineBuilder tls(TlsSpec value) {
        tls = value;
        return this;
    }

    /** The outbound proxy of this pipeline instead of the process's ({@link EgressProxy#NONE}: direct); null keeps the process's. */
    public HttpPipelineBuilder proxy(EgressProxy value) {
        proxy = value;
        return this;
    }

    /**
     * The connector-level hooks, made with the pipeline's redaction (for their error messages).
     * Besides running wherever a call carries them, they run on OAuth 2.0 token requests and
     * session logins, seeing neither the request body nor {@code Authorization} nor the response
     * body (see {@link CredentialRequestHooks}).
     */
    public HttpPipelineBuilder connectionHooks(java.util.function.Function<java.util.function.UnaryOperator<String>, List<Hook>> compile) {
        connectionHooks = Objects.requireNonNull(compile, "compile");
        return this;
    }

    /** Null means {@link RetrySpec#DEFAULT}. */
    public HttpPipelineBuilder retry(RetrySpec value) {
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
    public HttpPipelineBuilder rateLimiter(RequestRateLimiter value) {
        rateLimiter = Objects.requireNonNull(value, "rateLimiter");
        return this;
    }

    /**
     * Limiters of single operations ({@code stream:NAME}, {@code action:NAME}, by
     * {@link CallContext#operation()}): a call of one takes a permit from it before the
     * connection's, for an endpoint with a stricter limit than the API's.
     */
    public HttpPipelineBuilder operationRateLimiters(Map<String, RequestRateLimiter> value) {
        operationRateLimiters = Map.copyOf(value);
        return this;
    }

    /**
     * Where token answers keep their tokens, for a pipeline that sends token requests of its own
     * without OAuth 2.0 auth (the connect page's code exchange); an OAuth 2.0 auth's own is used otherwise.
     */
    public HttpPipelineBuilder tokenResponse(AuthSpec.TokenResponse paths) {
        this.tokenResponse = paths;
        return this;
    }

    /** Values that must never be logged (resolved secrets); the auth values are added by themselves. */
    public HttpPipelineBuilder secretValues(Collection<String> values) {
        values.stream().filter(Objects::nonNull).forEach(secretValues::add);
        return this;
    }

    /** The connector's {@code errors:} rules; null or empty means none. */
    public HttpPipelineBuilder errorRules(List<ErrorRuleSpec> rules) {
        errorRules = ErrorRules.of(rules);
        return this;
    }

    /** The connector's timeouts; each part that is null keeps {@link PipelineOptions}' value. */
    public HttpPipelineBuilder timeouts(TimeoutSpec value) {
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
    public HttpPipelineBuilder attemptStep(Interceptor step) {
        if (step != null) {
            attemptSteps.add(step);
        }
        return this;
    }

    /**
     * Whether requests carry the W3C {@code traceparent} of their span (the connector's
     * {@code tracing.propagate}); false unless set. Without tracing on there is nothing to send.
     */
    public HttpPipelineBuilder propagateTrace(boolean value) {
        propagateTrace = value;
        return this;
    }

    /**
     * What the exchange log keeps of successful attempts (the connection's {@code exchangeLog:},
     * else the connector's); null keeps {@link dev.junction.spec.ExchangeLogSpec#DEFAULT}. Failed
     * attempts are kept in full whatever this says.
     */
    public HttpPipelineBuilder exchangeLog(dev.junction.spec.ExchangeLogSpec value) {
        exchangeLog = value == null ? dev.junction.spec.ExchangeLogSpec.DEFAULT : value;
        return this;
    }

    /** Whose credentials these are: OAuth tokens and session tokens are stored under this tenant and connection. */
    public HttpPipelineBuilder connection(String tenant, String name) {
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
        secrets.addAll((proxy == null ? options.egress().proxyInUse() : proxy).secrets());
        Redactor redactor = new Redactor(secrets, AuthInterceptor.secretNames(auth), options.bodyLogLimit());
        Duration connectTimeout = timeouts != null && timeouts.connect() != null ? timeouts.connect() : options.connectTimeout();
        Duration readTimeout = timeouts != null && timeouts.read() != null ? timeouts.read() : options.requestTimeout();
        Duration totalTimeout = timeouts == null ? null : timeouts.total();
        boolean shared = options.httpClients() != null && credentialConnection != null;
        EgressPolicy egress = proxy == null ? options.egress() : options.egress().withProxy(proxy); // a connection's own proxy, else the process's
        HttpClient client = shared ? options.httpClients().forConnection(credentialTenant, credentialConnection, connectTimeout, tls, egress.proxyInUse())
                : JdkTransport.newClient(connectTimeout, TlsContexts.build(tls), egress.proxyInUse());
        CredentialRefusal refusal = CredentialRefusal.of(auth);
        ErrorClassifier classifier = new ErrorClassifier(redactor, new ObjectMapper(), readTimeout, errorRules, refusal);
        AuthInterceptor authStep;
        Interceptor signing;
        List<Hook> hooks;
        List<Interceptor> credentialChain;
        JdkTransport transport = new JdkTransport(client, readTimeout, egress, trust, redactor);
        RedirectInterceptor redirects = new RedirectInterceptor(options.egress().maxRedirects(), redactor);
        try {
            hooks = List.copyOf(connectionHooks.apply(classifier::redact));
            Interceptor credentialHooks = new CredentialRequestHooks(hooks);
            Interceptor credentialRetry = credentialRetry(totalTimeout);
            credentialChain = List.of(credentialHooks, credentialRetry, redirects, new TracingInterceptor(options.tracing(), propagateTrace, redactor),
                    new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), null,
                            exchangeLog),
                    new TokenCapture(redactor, new ObjectMapper(), TokenAnswer.of(auth instanceof AuthSpec.OAuth2 o ? o.tokenResponse() : tokenResponse)), transport);
            authStep = new AuthInterceptor(auth, tokenProvider(redactor, credentialChain),
                    sessionProvider(redactor, transport, redirects, credentialHooks, credentialRetry), classifier);
            signing = AuthInterceptor.attemptSigner(auth, options.clock());
            if (auth instanceof AuthSpec.AwsSigV4 aws && aws.assumeRole() != null) {
                // the role's credentials come from STS, asked with the keys through a short chain of their own, exchange log included
                AssumedRole role = new AssumedRole(aws.assumeRole(), List.of(credentialRetry, new AwsSigV4Signer(AssumedRole.stsAuth(aws), options.clock()),
                        new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), null, exchangeLog),
                        AssumedRole.capture(redactor), transport), options.clock());
                signing = new AwsSigV4Signer(aws, options.clock(), role);
            }
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
                errorRules, totalTimeout, signing instanceof OAuth1Signer oauth1 ? response -> oauth1.signingAgainMayFix(response)
                        : signing instanceof HmacSigner hmac ? response -> hmac.signingAgainMayFix(response) : response -> false));
        chain.add(new RateLimitInterceptor(rateLimiter, operationRateLimiters, options.sleeper(), options.listener()));
        chain.addAll(attemptSteps);
        if (signing != null) {
            chain.add(signing); // after retry and every step that sets headers or the body: each attempt signed anew over them (traceparent unsigned)
        }
        chain.add(redirects);
        chain.add(new TracingInterceptor(options.tracing(), propagateTrace, redactor));
        chain.add(new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), errorRules, exchangeLog, refusal));
        chain.add(transport);
        // downloads from links the API handed out: no credentials, no budget (see HttpPipeline.download)
        List<Interceptor> downloadChain = List.of(new RetryInterceptor(retry, options.sleeper(), options.clock(), options.listener(), options.jitter(),
                options.maxRetryAfter(), null, totalTimeout), redirects, new TracingInterceptor(options.tracing(), propagateTrace, redactor),
                new ExchangeLogInterceptor(options.exchangeSink(), options.listener(), redactor, options.clock(), null, exchangeLog), transport);
        return new HttpPipeline(List.copyOf(chain), classifier, shared ? null : client, hooks, credentialChain, refusal,
                options.credentialsRefused(), redactor, downloadChain);
    }

    /**
     * The retry step of token and login requests: the connector's retry settings, with every wait of one
     * request within {@link #CREDENTIAL_RETRY_WAIT} (an OAuth refresh holds the store's refresh claim, a lease
     * of 60 s, while it retries) and no connector error rules (a token endpoint answers in OAuth's terms).
     * What is repeated follows the request's context: a refresh_token grant only when it never reached the
     * server (a rotating refresh token is used up by a request the server acted on).
     */
    private Interceptor credentialRetry(Duration totalTimeout) {
        RetrySpec spec = retry;
        Duration wait = spec.maxTotalWait() == null || spec.maxTotalWait().compareTo(CREDENTIAL_RETRY_WAIT) > 0 ? CREDENTIAL_RETRY_WAIT : spec.maxTotalWait();
        return new RetryInterceptor(new RetrySpec(spec.maxAttempts(), spec.initialDelay(), spec.maxDelay(), wait), options.sleeper(), options.clock(),
                options.listener(), options.jitter(), options.maxRetryAfter(), null, totalTimeout);
    }

    /** For session login: login requests go through their own short chain, retry and exchange log included. */
    private SessionTokenProvider sessionProvider(Redactor redactor, Interceptor transport, Interceptor redirects, Interceptor hooks, Interceptor retries) {
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
        // Without a connection name there is no key to share or store the session under: keep it to this pipeline, in memory.
        SessionTokenState state = credentialConnection == null
                ? new SessionTokenState(session, dev.junction.store.CredentialRepository.inMemory(), credentialTenant, "unnamed", options.clock(),
                        options.sleeper())
                : options.sessionTokens().forConnection(credentialTenant, credentialConnection, session, options.credentials(), options.clock(),
                        options.sleeper());
        // the login's own credentials, on each attempt after retry: a GitHub App's JWT, a user and password in Basic
        Interceptor loginAuth = switch (session.loginAuth()) {
            case AuthSpec.Jwt jwt -> new JwtSigner(jwt, options.clock(), "auth.loginAuth");
            case AuthSpec.Basic basic -> new AuthInterceptor(basic);
            case null, default -> null;
        };
        return new SessionTokenProvider(session, loginUri, state, hooks, retries, loginAuth, redirects, new ExchangeLogInterceptor(options.exchangeSink(),
                options.listener(), redactor, options.clock(), null, exchangeLog), transport, redactor, new ObjectMapper());
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
