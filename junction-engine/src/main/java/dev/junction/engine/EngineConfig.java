package dev.junction.engine;

import dev.junction.connector.SecretScope;
import dev.junction.http.EgressPolicy;
import dev.junction.webhook.WebhookFetcher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an engine is built from.
 *
 * @param store where the store is
 * @param dataDir where {@code master.key} lives when {@code JUNCTION_MASTER_KEY} is not set (the embedded
 *     store's directory); null when there is none
 * @param env the process environment (secret references, settings); tests and the demo pass a map's {@code get}
 * @param clock the time of everything the engine records
 * @param queue how the run queue works in this process (when it is started)
 * @param events how outbound events are delivered (by a process whose run queue is started)
 * @param egress where requests made through connections may go, how many redirects they follow and
 *     how large an answer may be (the server config's {@code egress:})
 * @param secrets what the operator's definitions may read through {@code ${env:}} and {@code ${file:}}
 *     (the server config's {@code secrets:}); a tenant's definitions read neither
 * @param metrics what the process's meters carry (see {@link Metrics})
 * @param flows how flow executions are leased, resumed and kept (the server config's {@code flowRetention}); null: the run
 *     queue's lease ttl and poll interval, and {@value FlowSettings#RETENTION_ENV} (default 30 days)
 * @param tracing where spans go, if anywhere (see {@link Traces}); off unless set
 * @param retention how long the logs are kept and how often a served process purges (see {@link Retention})
 * @param webhookFetcher what webhook schemes that call their provider (Amazon SNS, PayPal) fetch with; null:
 *     Amazon SNS and PayPal only, through {@code egress}, trusting the JDK's certificate authorities.
 *     Tests only, to let a local server play a provider ({@link WebhookFetcher#forTests}): no server
 *     setting or definition maps to it
 * @param rateShares how the nodes on the store count each other to share connections' rate budgets (see {@link RateShares})
 */
public record EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue,
        Events.Settings events, EgressPolicy egress, SecretScope secrets, Metrics.Settings metrics, FlowSettings flows, Traces.Settings tracing,
        Retention.Settings retention, WebhookFetcher webhookFetcher, RateShares.Settings rateShares) {
    public EngineConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(rateShares, "rateShares");
    }

    /** With the default rate shares. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue,
            Events.Settings events, EgressPolicy egress, SecretScope secrets, Metrics.Settings metrics, FlowSettings flows, Traces.Settings tracing,
            Retention.Settings retention, WebhookFetcher webhookFetcher) {
        this(store, dataDir, env, clock, queue, events, egress, secrets, metrics, flows, tracing, retention, webhookFetcher, RateShares.Settings.DEFAULT);
    }

    /** With the flow settings derived from the queue's and the environment, tracing off and the default retention. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue,
            Events.Settings events, EgressPolicy egress, SecretScope secrets, Metrics.Settings metrics) {
        this(store, dataDir, env, clock, queue, events, egress, secrets, metrics, null, Traces.Settings.OFF, Retention.Settings.DEFAULT, null);
    }

    /** With the default egress policy, secret scope and metrics settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue, Events.Settings events) {
        this(store, dataDir, env, clock, queue, events, EgressPolicy.DEFAULT, SecretScope.DEFAULT, Metrics.Settings.DEFAULT);
    }

    /** With the default event delivery settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock, RunQueue.Settings queue) {
        this(store, dataDir, env, clock, queue, Events.Settings.DEFAULT);
    }

    /** With the run queue's default settings. */
    public EngineConfig(StoreLocation store, Path dataDir, Function<String, String> env, Clock clock) {
        this(store, dataDir, env, clock, RunQueue.Settings.DEFAULT);
    }

    /** {@link #flows()}, or when null the run queue's lease ttl and poll interval with {@value FlowSettings#RETENTION_ENV} from {@link #env()}. */
    FlowSettings flowsOrDerived() {
        return flows != null ? flows : new FlowSettings(queue.leaseTtl(), queue.pollInterval(), FlowSettings.retention(env.apply(FlowSettings.RETENTION_ENV)));
    }

    /**
     * {@link #webhookFetcher()}, or when null one for Amazon SNS and PayPal only, through {@code egress} (the config's, with the
     * environment's proxy), its certificate caches timed by {@code clock}.
     */
    WebhookFetcher webhookFetcherOr(EgressPolicy egress, Clock clock) {
        return webhookFetcher != null ? webhookFetcher : WebhookFetcher.create(WebhookFetcher.newClient(egress.proxyInUse()), egress, clock);
    }

    /** The embedded store in {@code dataDir}, the system clock. */
    public static EngineConfig embedded(Path dataDir, Function<String, String> env) {
        return new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env, Clock.systemUTC());
    }

    public EngineConfig withQueue(RunQueue.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, value, events, egress, secrets, metrics, flows, tracing, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withEvents(Events.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, value, egress, secrets, metrics, flows, tracing, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withEgress(EgressPolicy value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, value, secrets, metrics, flows, tracing, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withSecrets(SecretScope value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, value, metrics, flows, tracing, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withMetrics(Metrics.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, value, flows, tracing, retention, webhookFetcher, rateShares);
    }

    /** @param value null: derived from the queue's settings and the environment */
    public EngineConfig withFlows(FlowSettings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, metrics, value, tracing, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withTracing(Traces.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, metrics, flows, value, retention, webhookFetcher, rateShares);
    }

    public EngineConfig withRetention(Retention.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, metrics, flows, tracing, value, webhookFetcher, rateShares);
    }

    /** Tests only (see {@link #webhookFetcher()}): a fetcher that also lets a local server play Amazon SNS or PayPal. */
    public EngineConfig withWebhookFetcher(WebhookFetcher value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, metrics, flows, tracing, retention, value, rateShares);
    }

    public EngineConfig withRateShares(RateShares.Settings value) {
        return new EngineConfig(store, dataDir, env, clock, queue, events, egress, secrets, metrics, flows, tracing, retention, webhookFetcher, value);
    }
}
