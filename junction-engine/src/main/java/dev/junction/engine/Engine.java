package dev.junction.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.Background;
import dev.junction.engine.internal.Housekeeping;
import dev.junction.engine.internal.InboxTargets;
import dev.junction.engine.internal.InboxWorkers;
import dev.junction.engine.internal.ProcessLeases;
import dev.junction.http.EgressPolicy;
import dev.junction.spec.SpecLoader;
import dev.junction.store.Store;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.internal.ThisProcess;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The engine a process holds: one object graph over one store, wired once through constructors and
 * shared by everything the process does. The CLI builds one per command; {@code junction serve}
 * builds one for its lifetime. Close it to release the store and the connections' clients.
 *
 * <p>Any process may ask for work: queue a run, accept a webhook, emit an event. The work in the
 * background happens only where the {@link #runQueue() run queue} is {@link RunQueue#start() started}
 * (a server): queued runs, event deliveries, inbox events, schedule fires and poll ticks, alert
 * notifications and clock-decided conditions, scheduled connection checks and audits, the purge.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open(EngineConfig.embedded(Path.of("data"), System::getenv))) {
 *     LoadResult definitions = engine.definitions().applied();
 *     Runs.Outcome outcome = engine.runs().run(definitions, new Runs.Request("my-sync", null, "cli", false), RunListener.NONE);
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private final JdbcStore store;
    private final Clock clock;
    private final Function<String, String> env;
    private final ObjectMapper json;
    private final Definitions definitions;
    private final Connections connections;
    private final Runs runs;
    private final DeadLetters deadLetters;
    private final SyncStates states;
    private final Schemas schemas;
    private final Mappings mappings;
    private final Exchanges exchanges;
    private final Catalog catalog;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final RunQueue runQueue;
    private final Inbox inbox;
    private final InboxWorkers inboxWorkers;
    private final Webhooks webhooks;
    private final Events events;
    private final Schedules schedules;
    private final Backfills backfills;
    private final Polls polls;
    private final ManagedConnections managedConnections;
    private final TenantLifecycle tenants;
    private final ConnectSessions connectSessions;
    private final ConnectionHealth health;
    private final ConnectionRequests requests;
    private final Flows flows;
    private final Audits audits;
    private final Alerts alerts;
    private final AlertChannelSecrets alertChannelSecrets;
    private final Metrics metrics;
    private final Traces traces;
    private final Retention retention;
    private final RateShares rateShares;
    /** This process as its run leases and rate shares name it. */
    private final dev.junction.store.LeaseHolder self = ThisProcess.holder();
    private final ProcessLeases leases;

    /** Wires an engine over an open store; the engine closes it. */
    public Engine(JdbcStore store, EngineConfig config) {
        this.store = store;
        this.clock = config.clock();
        this.env = config.env();
        this.json = new ObjectMapper();
        this.metrics = new Metrics(config.metrics());
        this.traces = new Traces(config.tracing());
        metrics.storePool(store.dataSource());
        this.definitions = new Definitions(store, new SpecLoader(), clock, this::definitionsChanged);
        var reauth = new dev.junction.engine.internal.ReauthStatus(store.connections(), this::events, clock);
        dev.junction.http.JdkClientRetries.turnOff(); // before the first JDK client (alerts and events build theirs below)
        // the outbound proxy: the config's, else the environment's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), for every request that leaves
        EgressPolicy egress = config.egress().withProxyFrom(env);
        this.rateShares = new RateShares(store.rateShares(), self.node(), clock, config.rateShares(), metrics::rateBudgetNodes);
        this.connections = new Connections(store, clock, env, config.dataDir(), egress, config.secrets(), reauth, reauth,
                metrics.pipelineListener(), new dev.junction.http.RateLimiters(clock, java.time.Duration.ofMinutes(5), rateShares::add));
        connections.tracing(traces.tracing());
        this.leases = new ProcessLeases(store.leases(), clock, self, config.queue().leaseTtl());
        this.alerts = new Alerts(store, definitions::recent, ref -> connections.secrets().resolve(ref), this::inboxStats, clock, json,
                Alerts.Settings.DEFAULT, egress, metrics::alertNotification);
        this.alertChannelSecrets = new AlertChannelSecrets(() -> definitions.recent().alertChannels(), connections::storedValues, clock);
        this.events = new Events(store.events(connections.cipher()), clock, json, config.events(), new java.security.SecureRandom(), egress,
                metrics::eventDelivery, alerts::observe);
        RunEndEvents runEnd = new RunEndEvents(events, store.deadLetters());
        SyncHooks hooks = new SyncHooks(this::flows, sync -> definitions.recent(r -> r.syncs().containsKey(sync)), store.deadLetters(), json);
        store.onRunEnded(run -> {
            metrics.runEnded(run);
            runEnd.ended(run);
            hooks.after(run);
        });
        this.runs = new Runs(store, connections, json, clock, this::leases, events, hooks);
        this.deadLetters = new DeadLetters(store, clock);
        this.states = new SyncStates(store, clock, this::leases);
        this.schemas = new Schemas(store, connections, json, clock);
        this.mappings = new Mappings(store, connections, json);
        this.exchanges = new Exchanges(store, clock);
        this.catalog = new Catalog(definitions);
        this.tokens = new ApiTokens(store.tokens(), clock, new java.security.SecureRandom());
        this.audit = new AuditLog(store.auditLog(), clock);
        this.inbox = new Inbox(store.inbox(), clock, Inbox.Settings.DEFAULT);
        metrics.inbox(inbox::stats, inbox::queued, clock);
        FlowTriggers flowTriggers = new FlowTriggers(this::flows, json);
        dev.junction.engine.internal.SyncEvents syncEvents = new dev.junction.engine.internal.SyncEvents(definitions::recent, definitions::applied,
                runs, json);
        this.inboxWorkers = new InboxWorkers(inbox, new InboxTargets(flowTriggers, syncEvents), clock, InboxWorkers.Settings.DEFAULT,
                InboxWorkers.nameForThisProcess());
        this.webhooks = new Webhooks(definitions, connections, new dev.junction.engine.internal.WebhookEvents(inbox::accept, json, inboxWorkers::wake), clock,
                config.webhookFetcherOr(egress, clock)); // Amazon SNS and PayPal only, unless a test lets a local server play them (no setting maps to it)
        this.flows = new Flows(store.flowExecutions(connections.cipher()), definitions, connections, json, clock, config.flowsOrDerived(),
                Flows.tenantConcurrency(env.apply(Flows.TENANT_CONCURRENCY_ENV)), new FlowCallbacks(events, json, clock), metrics::flowEnded);
        this.retention = new Retention(store.retention(), clock, config.retention());
        List<Background> alongside = new ArrayList<>(List.of(events.worker(), inboxWorkers, alerts.worker(), flows.worker()));
        alongside.addAll(Housekeeping.tasks(config.retention().every(), stopping -> retention.purge(retention.settings(), stopping), this::startDueAudits,
                this::renewDueWebhooks));
        this.runQueue = new RunQueue(store, definitions, runs, this::leases, clock, config.queue(), List.copyOf(alongside),
                this::scheduleFires, this::pollTicks, this::checkConnections);
        this.schedules = new Schedules(store, definitions, runQueue, clock, flowTriggers::scheduled);
        this.backfills = new Backfills(store, definitions, runQueue, runs, clock);
        this.polls = new Polls(store, definitions, runQueue, connections, inbox, inboxWorkers::wake, json, clock);
        this.health = new ConnectionHealth(store, definitions::applied, connections, clock, reauth);
        this.requests = new ConnectionRequests(definitions::recent, connections, clock);
        this.managedConnections = new ManagedConnections(definitions, connections, clock, states, health);
        this.tenants = new TenantLifecycle(store, definitions, connections);
        this.connectSessions = new ConnectSessions(definitions, connections, managedConnections, events, store.connectSessions(), clock,
                ConnectSessions.Settings.DEFAULT);
        this.audits = new Audits(store, connections, events, json, clock, dev.junction.audit.Reconciliation.Settings.DEFAULT);
    }

    private void startDueAudits() {
        audits.startDue(definitions.applied());
    }

    private dev.junction.store.InboxStats inboxStats() {
        return inbox.stats();
    }

    private void checkConnections() {
        health.checkScheduled();
    }

    private dev.junction.engine.internal.QueueScheduler.Fires scheduleFires() {
        return schedules.fires();
    }

    private dev.junction.engine.internal.QueueScheduler.Fires pollTicks() {
        return polls.ticks();
    }

    /** After an apply, rollback or delete: the schedules and polls follow what is applied now. */
    private void definitionsChanged() {
        if (schedules != null) {
            schedules.reconcileQuietly();
        }
        if (polls != null) {
            polls.reconcileQuietly();
        }
    }

    /** Opens the configured store (creating or migrating it as needed) and wires the engine over it. */
    public static Engine open(EngineConfig config) {
        return new Engine(config.store().open(config.env()), config);
    }

    public Definitions definitions() {
        return definitions;
    }

    public Connections connections() {
        return connections;
    }

    /** Connection health: checks now and on a schedule ({@link RunQueue.Settings#connectionChecks()}), status, history, {@code needs_reauth} reset. */
    public ConnectionHealth health() {
        return health;
    }

    /** Requests a caller writes, sent through a connection's pipeline: the proxy of the API and {@code junction connections request}. */
    public ConnectionRequests requests() {
        return requests;
    }

    /** Flows: executions started, run on their definition version, awaited and shown (docs/flows.md). */
    public Flows flows() {
        return flows;
    }

    /** Reconciliation audits: a sync's mapped source against its destination's stream, by key, stored with their reports. */
    public Audits audits() {
        return audits;
    }

    /** The alert channels' secrets kept in the store ({@code ${stored:FIELD}} in a channel's definition). */
    public AlertChannelSecrets alertChannelSecrets() {
        return alertChannelSecrets;
    }

    /** Alerts: the applied {@code kind: Alert} rules, their firing and recent alerts, a test send to a channel. */
    public Alerts alerts() {
        return alerts;
    }

    public Runs runs() {
        return runs;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public SyncStates states() {
        return states;
    }

    public Schemas schemas() {
        return schemas;
    }

    public Mappings mappings() {
        return mappings;
    }

    public Exchanges exchanges() {
        return exchanges;
    }

    /** What is applied, by kind, and the tenants. */
    public Catalog catalog() {
        return catalog;
    }

    /** API tokens: created (shown once), listed, revoked, and checked for each request. */
    public ApiTokens tokens() {
        return tokens;
    }

    /** How long the logs are kept, and the purge (a served process runs it every {@link Retention.Settings#every()}). */
    public Retention retention() {
        return retention;
    }

    /** The process's traces: where runs', calls' and flows' spans go (nowhere unless configured). */
    public Traces traces() {
        return traces;
    }

    /** The process's meters: what the server's {@code /metrics} serves. */
    public Metrics metrics() {
        return metrics;
    }

    /** Who changed what, when: one entry per mutating call. */
    public AuditLog audit() {
        return audit;
    }

    /** The durable run queue: submit runs from any process; {@link RunQueue#start() start} it where runs should execute (a server). */
    public RunQueue runQueue() {
        return runQueue;
    }

    /** The durable inbox of webhook and poll events: accepted (group-committed, durable on return), claimed by workers, replayed, purged. */
    public Inbox inbox() {
        return inbox;
    }

    /** Webhook ingress: checks a delivery to a connection's endpoint and stores it in the inbox for the syncs that subscribe to it. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Junction's own events: emit one from anywhere ({@link Events#emit}), manage subscriptions, read delivery logs. */
    public Events events() {
        return events;
    }

    /** Syncs that run by themselves: their schedules, next fire times and fire history; pause and resume. */
    public Schedules schedules() {
        return schedules;
    }

    /** Backfills: a sync's source read over a past range as bounded runs (or one chunk here), never moving its live checkpoint. */
    public Backfills backfills() {
        return backfills;
    }

    /** Polling triggers: the polls the syncs' {@code on: { poll: ... }} ask for, with their shared cursors, last and next ticks. */
    public Polls polls() {
        return polls;
    }

    /** Connections made through the API or the connect page: their secrets kept in the store, encrypted, never returned. */
    public ManagedConnections managedConnections() {
        return managedConnections;
    }

    /** The connect flow: sessions, the connect page's steps, the OAuth callback, disconnecting. */
    public ConnectSessions connectSessions() {
        return connectSessions;
    }

    /** A tenant as a whole: rotate its data key, or erase it (crypto-shred and every row of it). */
    public TenantLifecycle tenants() {
        return tenants;
    }

    /** The process's one lease keeper: every run this engine executes takes its sync's lease there ({@link LeaseKeeper}). */
    public LeaseKeeper leases() {
        return leases.keeper();
    }

    /** The connections' rate budgets this process shares with the other nodes on its store ({@link RateShares}). */
    public RateShares rateShares() {
        return rateShares;
    }

    /** A group to start runs in so they can be cancelled together. */
    public RunGroup runGroup() {
        return new RunGroup(store, clock);
    }

    /** The store, for what has no engine service yet and for tests. */
    public Store store() {
        return store;
    }

    /** The same store as {@link #store()}, with what only the JDBC store can do (rotate keys, say which database). */
    public JdbcStore jdbcStore() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public Function<String, String> env() {
        return env;
    }

    /** The periodic renewal of webhooks whose renewal is due (made after the run queue, which starts it). */
    private void renewDueWebhooks() {
        managedConnections.webhooks().renewDue();
    }

    /**
     * Closes the inbox (events still queued are refused, the batch being stored finishes), stops the run
     * queue (runs in flight go back to the queue), the lease keeper, the clients and the store.
     */
    @Override
    public void close() {
        // in this order (work first, then what it uses, the store last but for metrics and traces), each even when one before failed
        RuntimeException failed = null;
        for (Runnable part : List.<Runnable>of(flows::close, audits::close, inboxWorkers::close, inbox::close, runQueue::close, leases::close,
                rateShares::close, events::close, alerts::close, connections::close, store::close, metrics::close, traces::close)) {
            try {
                part.run();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
