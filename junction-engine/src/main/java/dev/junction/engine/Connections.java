package dev.junction.engine;

import dev.junction.JunctionException;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.SecretResolver;
import dev.junction.connector.SecretScope;
import dev.junction.http.CredentialsRefused;
import dev.junction.http.EgressPolicy;
import dev.junction.engine.internal.LazyCredentials;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpClients;
import dev.junction.http.OAuthTokens;
import dev.junction.http.PipelineListener;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.http.SessionTokens;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.CredentialRepository;
import dev.junction.store.EndpointSignal;
import dev.junction.store.Store;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The connection registry: what every call through a connection shares in this process, whoever
 * makes it (a run, a tenant of a per-tenant run, a dry run, a stream sample): one JDK client and its
 * connection pool, one rate budget and one OAuth 2.0 token state per connection, and the encrypted
 * credential store. Every pipeline the engine builds comes from {@link #pipeline}; nothing else
 * builds {@link PipelineOptions}, so no caller can end up with a private budget or token by mistake.
 */
public final class Connections implements AutoCloseable {
    private final Store store;
    private final Clock clock;
    private final Function<String, String> env;
    private final RateLimiters rateLimiters;
    private final OAuthTokens oauthTokens;
    private final SessionTokens sessionTokens = new SessionTokens();
    private final HttpClients httpClients = new HttpClients();
    private final CredentialRepository credentials;
    private final java.util.function.Supplier<EnvelopeCipher> cipher;
    private final java.util.function.Supplier<dev.junction.store.StoredValueRepository> storedValues;
    private final EgressPolicy egress;
    private final SecretScope secretScope;
    private final PipelineListener meters;
    private final CredentialsRefused refused;
    /** Where the pipelines' spans go; set once by the engine, off before. */
    private volatile dev.junction.trace.Tracing tracing = dev.junction.trace.Tracing.off();

    /**
     * @param dataDir where {@code master.key} lives when {@code JUNCTION_MASTER_KEY} is not set; null
     *     when the store is not embedded (the key must then come from the environment)
     */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir) {
        this(store, clock, env, dataDir, EgressPolicy.DEFAULT, SecretScope.DEFAULT, OAuthTokens.Listener.NONE, CredentialsRefused.NONE,
                PipelineListener.NONE);
    }

    /**
     * @param reauth told when a connection's credentials are refused for good, and when they are usable again
     */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir, OAuthTokens.Listener reauth) {
        this(store, clock, env, dataDir, EgressPolicy.DEFAULT, SecretScope.DEFAULT, reauth, CredentialsRefused.NONE, PipelineListener.NONE);
    }

    /** {@code meters}: told of every attempt of every pipeline, whoever asked for it (the process's metrics). */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir, PipelineListener meters) {
        this(store, clock, env, dataDir, EgressPolicy.DEFAULT, SecretScope.DEFAULT, OAuthTokens.Listener.NONE, CredentialsRefused.NONE, meters);
    }

    /**
     * @param egress the outbound address policy and response cap of every pipeline built here
     * @param secretScope what the operator's connections may read through {@code ${env:}} / {@code ${file:}}
     * @param reauth told when a connection's credentials are refused for good, and when they are usable again
     * @param refused told of every call of every pipeline whose connection's own static credentials the API refused ({@link CredentialsRefused})
     *     (an API key, a bearer token, a user and password, AWS keys, OAuth 1.0a secrets), whoever made it
     * @param meters told of every attempt of every pipeline, whoever asked for it (the process's metrics)
     */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir, EgressPolicy egress, SecretScope secretScope,
            OAuthTokens.Listener reauth, CredentialsRefused refused, PipelineListener meters) {
        this(store, clock, env, dataDir, egress, secretScope, reauth, refused, meters, new RateLimiters(clock, java.time.Duration.ofMinutes(5)));
    }

    /**
     * As above, with the process's budgets in {@code rateLimiters} (the engine's tells {@link RateShares} of
     * every budget the nodes share).
     */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir, EgressPolicy egress, SecretScope secretScope,
            OAuthTokens.Listener reauth, CredentialsRefused refused, PipelineListener meters, RateLimiters rateLimiters) {
        this.egress = java.util.Objects.requireNonNull(egress, "egress");
        this.refused = java.util.Objects.requireNonNull(refused, "refused");
        this.secretScope = java.util.Objects.requireNonNull(secretScope, "secretScope");
        this.meters = java.util.Objects.requireNonNull(meters, "meters");
        this.store = store;
        this.oauthTokens = new OAuthTokens(reauth);
        this.clock = clock;
        this.env = env;
        this.rateLimiters = java.util.Objects.requireNonNull(rateLimiters, "rateLimiters");
        this.cipher = memoized(() -> {
            String fromEnv = env.apply(MasterKey.ENV);
            if (dataDir == null && fromEnv == null) {
                throw new JunctionException("no master key to encrypt connection credentials, event secrets and flow step outputs with; set " + MasterKey.ENV
                        + " to 32 random bytes in base64 (openssl rand -base64 32)");
            }
            SecureRandom random = new SecureRandom();
            MasterKey key = dataDir == null ? MasterKey.fromBase64(fromEnv, "environment variable " + MasterKey.ENV)
                    : MasterKey.resolve(env, dataDir, random);
            return new EnvelopeCipher(key, random);
        });
        this.credentials = new LazyCredentials(() -> store.credentials(cipher.get()));
        this.storedValues = memoized(() -> store.storedValues(cipher.get()));
    }

    /** The stored values of connections made through the API (their {@code ${stored:FIELD}}), opened on first use. */
    dev.junction.store.StoredValueRepository storedValues() {
        return storedValues.get();
    }

    /** The credentials (OAuth tokens, session-login tokens) Junction obtained for connections. */
    CredentialRepository credentials() {
        return credentials;
    }

    /**
     * The process's envelope cipher (its master key), resolved on first use and shared, so a master key
     * is needed only when something is encrypted: credentials, event subscription secrets.
     */
    java.util.function.Supplier<EnvelopeCipher> cipher() {
        return cipher;
    }

    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> make) {
        return new java.util.function.Supplier<>() {
            private T made; // guarded by this

            @Override
            public synchronized T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    /**
     * Options for the pipelines of one piece of work: the shared registries, the store's exchange log
     * (unless {@code logExchanges} is false: a dry run stores nothing) and {@code listener} for what
     * that work wants to observe (the process's meters observe it too). A call whose answer refuses its
     * connection's own static credentials marks the connection {@code needs_reauth}, whoever made it.
     */
    public PipelineOptions pipeline(PipelineListener listener, boolean logExchanges) {
        return PipelineOptions.builder()
                .exchangeSink(logExchanges ? store.exchanges()::append : ExchangeSink.discarding())
                .listener(meters == PipelineListener.NONE ? listener : PipelineListener.of(listener, meters))
                .clock(clock)
                .rateLimiters(rateLimiters)
                .oauthTokens(oauthTokens)
                .sessionTokens(sessionTokens)
                .httpClients(httpClients)
                .credentials(credentials)
                .egress(egress)
                .tracing(tracing)
                .credentialsRefused(refused)
                .build();
    }

    /** Spans of every pipeline made from now on go to {@code value} (the engine sets it once, at start). */
    public void tracing(dev.junction.trace.Tracing value) {
        tracing = java.util.Objects.requireNonNull(value, "tracing");
    }

    /** Where spans go: runs and flows made through these connections trace with it. */
    public dev.junction.trace.Tracing tracing() {
        return tracing;
    }

    /**
     * Resolves connections' {@code ${env:}} and {@code ${file:}} references within the operator's
     * {@link SecretScope} (a tenant-applied connection never gets that far: its references are refused
     * where its values are resolved, {@link dev.junction.connector.ConnectionValues}), and
     * {@code ${stored:FIELD}} (connections made through the API) from the store, decrypted.
     */
    public SecretResolver secrets() {
        EnvSecretResolver fromEnvironment = new EnvSecretResolver(env, secretScope);
        return ref -> ref instanceof dev.junction.spec.ValueRef.Stored stored ? storedValue(stored) : fromEnvironment.resolve(ref);
    }

    private String storedValue(dev.junction.spec.ValueRef.Stored ref) {
        String value = storedValues().find(ref.tenant(), ref.connection()).get(ref.field());
        String channel = dev.junction.spec.AlertChannelSpec.channelOfStored(ref.connection());
        if (value == null && channel != null) {
            throw new dev.junction.connector.ConnectorException("secret " + ref + " of alert channel '" + channel + "' has no value in the store;"
                    + " set it with PUT /api/v1/alert-channels/" + channel + "/secrets (or junction alerts set-secret " + channel + ")");
        }
        if (value == null) {
            throw new dev.junction.connector.ConnectorException(ref + " has no value in the store; set it with PATCH /api/v1/connections/"
                    + ref.connection() + " (or junction connections set-secret)");
        }
        return value;
    }

    /** The outbound address policy every pipeline of this process follows. */
    public EgressPolicy egress() {
        return egress;
    }

    /** The process's shared JDK clients (one per connection). */
    public HttpClients httpClients() {
        return httpClients;
    }

    /** Every applied connection with its status. */
    public List<ConnectionRecord> list() {
        return store.connections().list();
    }

    /**
     * Forgets the credentials Junction obtained for a connection (OAuth tokens, or its
     * {@code needs_reauth} mark; a session-login token): its next call uses the configured credentials again. How a
     * connection marked {@code needs_reauth} is reset when its provider-side problem was fixed.
     */
    void forgetCredentials(String tenant, String connection) {
        credentials.delete(tenant, connection);
    }

    /** Deprecation, Sunset and Warning headers the APIs sent, per connection and endpoint; {@code connection} null for all. */
    public List<EndpointSignal> signals(String connection) {
        return store.endpointSignals().list(connection);
    }

    @Override
    public void close() {
        httpClients.close();
    }
}
