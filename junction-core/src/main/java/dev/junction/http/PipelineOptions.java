package dev.junction.http;

import dev.junction.store.CredentialRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What every pipeline of a process shares: where exchanges go, who listens, time, timeouts and the
 * user's hooks. Build with {@link #builder()}; {@link #defaults()} logs nothing and waits for real.
 *
 * @param exchangeSink receives one redacted record per attempt
 * @param listener observes retries, throttling, rate-limit waits and exchanges
 * @param clock the time of exchanges and the base of Retry-After dates
 * @param sleeper where backoff and rate-limit waits happen
 * @param connectTimeout how long opening a connection may take
 * @param requestTimeout how long one attempt may take, from sending to the end of the response
 * @param bodyLogLimit how many bytes of each body the exchange log keeps
 * @param maxRetryAfter the longest Retry-After the pipeline honours; longer ones are cut to this
 * @param interceptors user hooks, run first (before auth) in this order
 * @param rateLimiters the process-wide registry of per-connection budgets
 * @param jitter random numbers in [0, 1) for backoff jitter
 * @param credentials where OAuth tokens and session-login tokens are kept between calls, runs and
 *     processes (rotated refresh tokens are saved here before use); {@link CredentialRepository#inMemory()} unless set
 * @param oauthTokens the process-wide registry of per-connection OAuth 2.0 tokens, so that pipelines
 *     of one connection refresh its token once for all of them
 * @param sessionTokens the process-wide registry of per-connection session-login tokens, so that
 *     pipelines of one connection log in once for all of them
 * @param httpClients the process-wide registry of per-connection JDK clients, or null: each pipeline
 *     then opens (and closes) a client of its own
 * @param egress where requests may go (checked on every request, token call and redirect hop), how
 *     many redirects a request follows and how large an answer may be; {@link EgressPolicy#DEFAULT} unless set
 * @param tracing where the span of every attempt goes ({@link dev.junction.trace.Tracing#off()} unless set)
 * @param credentialsRefused told of each call whose connection's own static credentials (an API key, a
 *     bearer token, a user and password, AWS keys, OAuth 1.0a secrets) the API refused, as
 *     {@link CredentialsRefused} has it; {@link CredentialsRefused#NONE} unless set
 */
public record PipelineOptions(
        ExchangeSink exchangeSink,
        PipelineListener listener,
        Clock clock,
        Sleeper sleeper,
        Duration connectTimeout,
        Duration requestTimeout,
        int bodyLogLimit,
        Duration maxRetryAfter,
        List<Interceptor> interceptors,
        RateLimiters rateLimiters,
        DoubleSupplier jitter,
        CredentialRepository credentials,
        OAuthTokens oauthTokens,
        SessionTokens sessionTokens,
        HttpClients httpClients,
        EgressPolicy egress,
        dev.junction.trace.Tracing tracing,
        CredentialsRefused credentialsRefused) {

    public static final int DEFAULT_BODY_LOG_LIMIT = 64 * 1024;

    public PipelineOptions {
        Objects.requireNonNull(exchangeSink, "exchangeSink");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(rateLimiters, "rateLimiters");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(oauthTokens, "oauthTokens");
        Objects.requireNonNull(sessionTokens, "sessionTokens");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(credentialsRefused, "credentialsRefused");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(maxRetryAfter, "maxRetryAfter");
        if (bodyLogLimit < 0) {
            throw new IllegalArgumentException("bodyLogLimit: expected 0 or more bytes, was " + bodyLogLimit);
        }
        interceptors = List.copyOf(interceptors);
    }

    public static PipelineOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.exchangeSink = exchangeSink;
        b.listener = listener;
        b.clock = clock;
        b.sleeper = sleeper;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.bodyLogLimit = bodyLogLimit;
        b.maxRetryAfter = maxRetryAfter;
        b.interceptors = new ArrayList<>(interceptors);
        b.rateLimiters = rateLimiters;
        b.jitter = jitter;
        b.credentials = credentials;
        b.oauthTokens = oauthTokens;
        b.sessionTokens = sessionTokens;
        b.httpClients = httpClients;
        b.egress = egress;
        b.tracing = tracing;
        b.credentialsRefused = credentialsRefused;
        return b;
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(name + ": expected a positive duration, was " + value);
        }
    }

    public static final class Builder {
        private ExchangeSink exchangeSink = ExchangeSink.discarding();
        private PipelineListener listener = PipelineListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int bodyLogLimit = DEFAULT_BODY_LOG_LIMIT;
        private Duration maxRetryAfter = Duration.ofMinutes(5);
        private List<Interceptor> interceptors = new ArrayList<>();
        private RateLimiters rateLimiters = new RateLimiters();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
        private CredentialRepository credentials;
        private OAuthTokens oauthTokens = new OAuthTokens();
        private SessionTokens sessionTokens = new SessionTokens();
        private HttpClients httpClients;
        private EgressPolicy egress = EgressPolicy.DEFAULT;
        private dev.junction.trace.Tracing tracing = dev.junction.trace.Tracing.off();
        private CredentialsRefused credentialsRefused = CredentialsRefused.NONE;

        private Builder() {}

        public Builder exchangeSink(ExchangeSink value) {
            exchangeSink = value;
            return this;
        }

        public Builder listener(PipelineListener value) {
            listener = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder sleeper(Sleeper value) {
            sleeper = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder bodyLogLimit(int bytes) {
            bodyLogLimit = bytes;
            return this;
        }

        public Builder maxRetryAfter(Duration value) {
            maxRetryAfter = value;
            return this;
        }

        /** Adds a user hook; hooks run in the order added, before auth. */
        public Builder addInterceptor(Interceptor value) {
            interceptors.add(Objects.requireNonNull(value, "interceptor"));
            return this;
        }

        public Builder rateLimiters(RateLimiters value) {
            rateLimiters = value;
            return this;
        }

        public Builder jitter(DoubleSupplier value) {
            jitter = value;
            return this;
        }

        /** Where OAuth tokens and session tokens are kept; the store's encrypted repository in a real process. */
        public Builder credentials(CredentialRepository value) {
            credentials = value;
            return this;
        }

        /** The process's shared OAuth 2.0 tokens; pass the same one to every run that may share a connection. */
        public Builder oauthTokens(OAuthTokens value) {
            oauthTokens = value;
            return this;
        }

        /** The process's shared session-login tokens; pass the same one to every run that may share a connection. */
        public Builder sessionTokens(SessionTokens value) {
            sessionTokens = value;
            return this;
        }

        /** The process's shared JDK clients, one per connection; null (the default): each pipeline opens its own. */
        public Builder httpClients(HttpClients value) {
            httpClients = value;
            return this;
        }

        /** The outbound address policy and response cap; {@link EgressPolicy#DEFAULT} unless set. */
        public Builder egress(EgressPolicy value) {
            egress = value;
            return this;
        }

        /** Where the spans of attempts go; {@link dev.junction.trace.Tracing#off()} unless set. */
        public Builder tracing(dev.junction.trace.Tracing value) {
            tracing = value;
            return this;
        }

        /** Told of each call whose connection's own static credentials the API refused ({@link CredentialsRefused}); {@link CredentialsRefused#NONE} unless set. */
        public Builder credentialsRefused(CredentialsRefused value) {
            credentialsRefused = value;
            return this;
        }

        public PipelineOptions build() {
            return new PipelineOptions(exchangeSink, listener, clock, sleeper, connectTimeout, requestTimeout, bodyLogLimit,
                    maxRetryAfter, interceptors, rateLimiters, jitter,
                    credentials == null ? CredentialRepository.inMemory() : credentials, oauthTokens, sessionTokens, httpClients, egress,
                    tracing, credentialsRefused);
        }
    }
}
