package dev.junction.engine;

import dev.junction.JunctionException;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.SecretResolver;
import dev.junction.engine.internal.LazyCredentials;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpClients;
import dev.junction.http.OAuthTokens;
import dev.junction.http.PipelineListener;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
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
    private final OAuthTokens oauthTokens = new OAuthTokens();
    private final HttpClients httpClients = new HttpClients();
    private final CredentialRepository credentials;
    private final java.util.function.Supplier<EnvelopeCipher> cipher;
    private final PipelineListener meters;

    /**
     * @param dataDir where {@code master.key} lives when {@code JUNCTION_MASTER_KEY} is not set; null
     *     when the store is not embedded (the key must then come from the environment)
     */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir) {
        this(store, clock, env, dataDir, PipelineListener.NONE);
    }

    /** {@code meters}: told of every attempt of every pipeline, whoever asked for it (the process's metrics). */
    public Connections(Store store, Clock clock, Function<String, String> env, Path dataDir, PipelineListener meters) {
        this.meters = java.util.Objects.requireNonNull(meters, "meters");
        this.store = store;
        this.clock = clock;
        this.env = env;
        this.rateLimiters = new RateLimiters(clock, java.time.Duration.ofMinutes(5));
        this.cipher = memoized(() -> {
            String fromEnv = env.apply(MasterKey.ENV);
            if (dataDir == null && fromEnv == null) {
                throw new JunctionException("no master key to encrypt connection credentials and event secrets with; set " + MasterKey.ENV
                        + " to 32 random bytes in base64 (openssl rand -base64 32)");
            }
            SecureRandom random = new SecureRandom();
            MasterKey key = dataDir == null ? MasterKey.fromBase64(fromEnv, "environment variable " + MasterKey.ENV)
                    : MasterKey.resolve(env, dataDir, random);
            return new EnvelopeCipher(key, random);
        });
        this.credentials = new LazyCredentials(() -> store.credentials(cipher.get()));
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
     * that work wants to observe (the process's meters observe it too).
     */
    public PipelineOptions pipeline(PipelineListener listener, boolean logExchanges) {
        return PipelineOptions.builder()
                .exchangeSink(logExchanges ? store.exchanges()::append : ExchangeSink.discarding())
                .listener(meters == PipelineListener.NONE ? listener : PipelineListener.of(listener, meters))
                .clock(clock)
                .rateLimiters(rateLimiters)
                .oauthTokens(oauthTokens)
                .httpClients(httpClients)
                .credentials(credentials)
                .build();
    }

    /** Resolves connections' {@code ${env:}} and {@code ${file:}} references (operator-applied definitions). */
    public SecretResolver secrets() {
        return new EnvSecretResolver(env);
    }

    /** The process's shared JDK clients (one per connection). */
    public HttpClients httpClients() {
        return httpClients;
    }

    /** Every applied connection with its status. */
    public List<ConnectionRecord> list() {
        return store.connections().list();
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
