package dev.junction.engine;

import dev.junction.connector.ConnectionValues;
import dev.junction.engine.internal.AppRoutes;
import dev.junction.engine.internal.ConnectionFacts;
import dev.junction.engine.internal.GraphLifecycle;
import dev.junction.engine.internal.RegistrationValues;
import dev.junction.engine.internal.SecretHandshakes;
import dev.junction.engine.internal.WebhookEndpoints;
import dev.junction.engine.internal.WebhookEvents;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookFetcher;
import dev.junction.webhook.WebhookResult;
import dev.junction.webhook.WebhookSecrets;
import dev.junction.webhook.WebhookVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Webhook ingress: a delivery to a connection's endpoint is checked by the connection's connector
 * ({@code webhooks:}, see {@link WebhookVerifier}) over its raw bytes, then, when authentic, stored
 * in the {@link Inbox} for each sync that subscribes to it before the caller is answered (see
 * {@link #receive}). A refused delivery is counted, never stored.
 *
 * <p>An app's endpoint ({@link #checkApp}) takes the deliveries a provider sends for every
 * customer of the app at once, signed with the app's secret: they are verified with the connector's
 * operator connection (its one connection without a tenant), then routed by the connector's
 * {@code webhooks.tenant} value to the tenant connection whose {@code config.<routeTo>} has it (see
 * {@link #receive}).
 *
 * <p>A connection's verifier holds its resolved secrets; it is made again when the applied
 * definitions change and at least every {@link #SECRETS_FOR} (so a rotated {@code ${file:}} secret
 * is taken up without a restart). The routing values are read on the same terms.
 */
public final class Webhooks {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Webhooks.class);

    /**
     * A connection whose deliveries cannot be verified now: its webhook secrets could not be read
     * (an environment variable not set, a file missing). Nothing is stored; the sender should deliver
     * again later. The reason is logged for the operator, not told to the sender.
     */
    public static final class NotReady extends EngineException {
        public NotReady(String message) {
            super(message);
        }
    }

    /** How long a connection's resolved webhook secrets are used before they are read again. */
    public static final Duration SECRETS_FOR = Duration.ofSeconds(60);

    /**
     * A delivery checked against its connection: what the verifier decided, and for whom.
     *
     * @param connection the connection the delivery is for
     * @param tenant the connection's tenant (null: an operator's connection)
     * @param result accepted, a handshake to answer, or refused
     * @param app for a delivery to an app's endpoint, the connector whose app it is (the delivery
     *     is routed by its routing value when stored); null for a connection's own endpoint
     */
    public record Checked(String connection, String tenant, WebhookResult result, String app) {
        public Checked {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(result, "result");
        }

        /** A delivery to a connection's own endpoint. */
        public Checked(String connection, String tenant, WebhookResult result) {
            this(connection, tenant, result, null);
        }
    }

    /**
     * An accepted delivery, stored.
     *
     * @param eventId the provider's event id
     * @param connection the connection it was stored as an event of: the one it was sent to, or for
     *     an app-level delivery the tenant connection it was routed to (the operator connection when
     *     it carried no routing value or matched no connection)
     * @param tenant that connection's tenant, or null
     * @param subscribers the targets (syncs) it was stored for; empty: none subscribes, or it was
     *     unrouted (stored as ignored)
     * @param duplicate whether the event was in the inbox already (a redelivery): nothing new was stored
     * @param unrouted for an app-level delivery whose routing value no one connection has, why
     *     (stored as ignored with this reason); null otherwise
     */
    public record Received(String eventId, String connection, String tenant, List<String> subscribers, boolean duplicate, String unrouted) {}

    /**
     * How many deliveries a connection's endpoint accepted, took again (duplicates), answered as
     * handshakes and refused (by HTTP status, such as {@code "401"}), since this process started; for
     * the operator connection of an app, also how many of its app-level deliveries were stored
     * unrouted (their routing value matched no one tenant connection; included in {@code accepted}).
     */
    public record Counts(String connection, long accepted, long duplicates, long handshakes, long unrouted, Map<String, Long> rejected) {}

    private final Definitions definitions;
    private final Connections connections;
    private final Clock clock;
    private final WebhookEvents events;
    private final AppRoutes routes;
    private final WebhookFetcher fetcher;
    private final ConnectionFacts facts;
    private final SecretHandshakes secretHandshakes;
    private final GraphLifecycle graphLifecycle;
    private final Map<String, Entry> verifiers = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    /** @param fetcher what the schemes that call their provider (Amazon SNS, PayPal) fetch with */
    Webhooks(Definitions definitions, Connections connections, WebhookEvents events, Clock clock, WebhookFetcher fetcher) {
        this.fetcher = fetcher;
        this.definitions = definitions;
        this.connections = connections;
        this.events = events;
        this.clock = clock;
        this.routes = new AppRoutes(connections.secrets(), clock, SECRETS_FOR);
        this.facts = new ConnectionFacts(connections::storedValues, clock);
        this.secretHandshakes = new SecretHandshakes(facts);
        this.graphLifecycle = new GraphLifecycle(facts);
    }

    /**
     * The largest body connection {@code connection}'s endpoint takes: read at most one byte more
     * than this before calling {@link #check}.
     *
     * @throws EngineException.NotFound when no such connection is applied, or its connector declares no webhooks
     */
    public long maxBodySize(String connection) {
        // from the spec, not the verifier: a handshake that brings the secret (Asana's) comes before any verifier can be made
        return WebhookEndpoints.connector(withConnection(connection), connection).webhooks().maxBodySize();
    }

    /**
     * Checks a delivery to {@code connection}'s endpoint: its size, then its raw bytes against the
     * connection's secrets, then what it says. Refusals are counted here.
     *
     * @throws EngineException.NotFound when no such connection is applied, or its connector declares no webhooks
     */
    public Checked check(String connection, WebhookDelivery delivery) {
        return check(connection, null, delivery);
    }

    private Checked check(String connection, String app, WebhookDelivery delivery) {
        LoadResult applied = withConnection(connection);
        WebhookResult offered = app == null ? secretHandshakes.offer(applied, connection, delivery) : null;
        if (offered != null) {
            verifiers.remove(connection); // made again, with the secret kept (or not)
        }
        Entry entry = offered != null ? null : verifier(applied, connection);
        WebhookResult result = offered != null ? offered : entry.verifier().verify(delivery);
        Counters count = counters.computeIfAbsent(connection, c -> new Counters());
        switch (result) {
            case WebhookResult.Rejected r -> {
                count.rejected.computeIfAbsent(r.status(), s -> new LongAdder()).increment();
                if (r.status() >= 500) { // the provider could not be reached (Amazon SNS, PayPal): the operator's to know, not only the sender's
                    LOG.warn("Connection '{}' could not check a webhook delivery: {}", connection, r.reason());
                }
            }
            case WebhookResult.Handshake h -> {
                count.handshakes.increment();
                if (h.done() != null) {
                    LOG.info("Connection '{}' {}", connection, h.done());
                }
            }
            case WebhookResult.Accepted a -> { }
            case WebhookResult.Events e -> { }
        }
        return new Checked(connection, entry != null ? entry.tenant() : applied.connections().get(connection).tenant(), result, app);
    }

    /**
     * {@link #check} for tenant {@code tenant}'s one connection of connector {@code connector}: the
     * per-tenant endpoint, for a product whose customers each connect their own account.
     *
     * @throws EngineException.NotFound when the tenant has no connection of that connector
     * @throws EngineException.Conflict when the tenant has several (name one: use the connection's endpoint)
     */
    public Checked checkForTenant(String tenant, String connector, WebhookDelivery delivery) {
        return check(tenantConnection(withConnector(connector), tenant, connector), delivery);
    }

    /**
     * {@link #check} for the app's endpoint of connector {@code connector}: a delivery the provider
     * sends for every customer of the app, signed with the app's secret, so verified with the
     * connector's {@linkplain #appConnection operator connection}. {@link #receive} routes it.
     *
     * @throws EngineException.NotFound when the connector is not applied, routes no app-level
     *     webhooks ({@code webhooks.routeTo}), or has no operator connection
     * @throws EngineException.Conflict when it has several operator connections
     */
    public Checked checkApp(String connector, WebhookDelivery delivery) {
        return check(appConnection(connector), connector, delivery);
    }

    /**
     * The connection that verifies the app-level deliveries of connector {@code connector}: its one
     * connection that names no tenant ({@link ConnectionSpec#isOperators()}: the operator's, holding
     * the app's signing secret).
     *
     * @throws EngineException.NotFound when the connector is not applied, routes no app-level
     *     webhooks ({@code webhooks.routeTo}), or has no operator connection
     * @throws EngineException.Conflict when it has several operator connections
     */
    public String appConnection(String connector) {
        LoadResult applied = withConnector(connector);
        ConnectorSpec spec = applied.connectors().get(connector);
        if (spec == null) {
            throw new EngineException.NotFound("no connector named '" + connector + "' is applied; an app's webhook endpoint is /hooks/app/CONNECTOR");
        }
        if (spec.webhooks() == null || spec.webhooks().routeTo() == null) {
            throw new EngineException.NotFound("connector '" + connector + "' takes no app-level webhooks: "
                    + (spec.webhooks() == null ? "it declares no webhooks: section" : "its webhooks: names no routeTo")
                    + " (such as tenant: $.account with routeTo: config.accountId)");
        }
        List<String> found = applied.connections().values().stream()
                .filter(c -> connector.equals(c.connector()) && c.isOperators()).map(ConnectionSpec::name).sorted().toList();
        if (found.isEmpty()) {
            throw new EngineException.NotFound("connector '" + connector + "' has no connection without a tenant (the operator's) to verify its"
                    + " app-level webhooks with; apply one that names no tenant and sets the app's signing secret");
        }
        if (found.size() > 1) {
            throw new EngineException.Conflict("connector '" + connector + "' has " + found.size() + " connections without a tenant ("
                    + String.join(", ", found) + "), so it is not known whose secret verifies its app-level webhooks; keep one,"
                    + " or send each app's webhooks to /hooks/CONNECTION");
        }
        return found.getFirst();
    }

    /** The name of tenant {@code tenant}'s one connection of connector {@code connector}. */
    public String tenantConnection(String tenant, String connector) {
        return tenantConnection(withConnector(connector), tenant, connector);
    }

    /**
     * Stores an accepted delivery in the inbox, once for each sync that subscribes to its connection
     * and event type, and returns once it is durable (committed, and on the embedded store written to
     * its file): only then may the caller answer 2xx. A redelivery of an event still in the inbox
     * stores nothing new. A delivery of several events ({@link WebhookResult.Events}) stores them
     * all in one commit, each routed and deduplicated on its own.
     *
     * <p>A delivery to an app's endpoint is routed first: with a routing value, it is an event of the
     * tenant connection whose {@code config.<routeTo>} has that value (its source and tenant), stored
     * for that connection's subscribers; with none (a platform's own event), an event of the operator
     * connection. A routing value no one connection has is stored once as ignored, with the reason,
     * and counted: the provider is still answered 2xx, so that it does not deliver it again and again.
     *
     * @return what became of each event, in the delivery's order (one for a delivery of one event)
     * @throws IllegalArgumentException when {@code checked} was not accepted
     */
    public List<Received> receive(Checked checked) {
        List<WebhookResult.Accepted> accepted = switch (checked.result()) {
            case WebhookResult.Accepted one -> List.of(one);
            case WebhookResult.Events many -> many.events();
            default -> throw new IllegalArgumentException("only an accepted delivery is stored; this one was "
                    + checked.result().getClass().getSimpleName());
        };
        // a subscription applied by another process in the last second may not be seen yet (this process's own at once)
        LoadResult applied = withConnection(checked.connection());
        List<WebhookEvents.Routed> routed = new ArrayList<>(accepted.size());
        for (WebhookResult.Accepted event : accepted) {
            routed.add(route(applied, checked, event));
        }
        List<WebhookEvents.Stored> stored = events.storeAll(applied, routed, clock.instant());
        Counters count = counters.computeIfAbsent(checked.connection(), c -> new Counters());
        List<Received> received = new ArrayList<>(routed.size());
        for (int i = 0; i < routed.size(); i++) {
            WebhookEvents.Routed r = routed.get(i);
            Received one = new Received(r.accepted().eventId(), r.connection(), r.tenant(), stored.get(i).targets(), stored.get(i).duplicate(),
                    r.unrouted());
            (one.duplicate() ? count.duplicates : count.accepted).increment();
            if (one.unrouted() != null && !one.duplicate()) {
                count.unrouted.increment();
            }
            if (!one.duplicate()) {
                graphLifecycle.received(applied, r.connection(), r.accepted().eventType());
            }
            received.add(one);
        }
        return received;
    }

    /** Where one event goes: the connection it was sent to, or for an app-level delivery the tenant connection its routing value names. */
    private WebhookEvents.Routed route(LoadResult applied, Checked checked, WebhookResult.Accepted accepted) {
        String connection = checked.connection();
        String tenant = checked.tenant();
        String unrouted = null;
        if (checked.app() != null && accepted.routing() != null) {
            ConnectorSpec connector = applied.connectors().get(checked.app());
            if (connector == null || connector.webhooks() == null || connector.webhooks().routeTo() == null) {
                unrouted = "connector '" + checked.app() + "' routes no app-level webhooks any more (no webhooks.routeTo)";
            } else {
                switch (routes.route(applied, connector, accepted.routing())) {
                    case AppRoutes.Route.To to -> {
                        connection = to.connection().name();
                        tenant = to.connection().tenant();
                    }
                    case AppRoutes.Route.Nowhere nowhere -> unrouted = nowhere.reason();
                }
            }
        }
        return new WebhookEvents.Routed(connection, tenant, accepted, unrouted);
    }

    /** The applied definitions as recently checked, or as stored now when those lack the connection (it may just have been applied). */
    private LoadResult withConnection(String connection) {
        return definitions.recent(r -> r.connections().containsKey(connection));
    }

    private LoadResult withConnector(String connector) {
        return definitions.recent(r -> r.connectors().containsKey(connector));
    }

    /** What each connection's endpoint received since this process started, by connection name. */
    public List<Counts> counts() {
        List<Counts> all = new ArrayList<>();
        new TreeMap<>(counters).forEach((connection, c) -> {
            Map<String, Long> rejected = new TreeMap<>();
            c.rejected.forEach((status, n) -> rejected.put(Integer.toString(status), n.sum()));
            all.add(new Counts(connection, c.accepted.sum(), c.duplicates.sum(), c.handshakes.sum(), c.unrouted.sum(), rejected));
        });
        return all;
    }

    private Entry verifier(LoadResult applied, String connection) {
        Instant now = clock.instant();
        Entry entry = verifiers.get(connection);
        if (entry != null && entry.definitions() == applied && entry.madeAt().plus(SECRETS_FOR).isAfter(now)) {
            return entry;
        }
        Entry made = make(applied, connection, now);
        verifiers.put(connection, made);
        return made;
    }

    private Entry make(LoadResult applied, String connection, Instant now) {
        ConnectorSpec connector = WebhookEndpoints.connector(applied, connection);
        ConnectionSpec spec = applied.connections().get(connection);
        WebhookEndpoints.checkSecretsSet(connector, spec);
        WebhookVerifier verifier;
        try {
            ConnectionValues values = ConnectionValues.resolve(connector, spec, connections.secrets());
            for (String text : connector.webhooks().verify().secrets()) {
                for (String variable : dev.junction.template.Template.parse(text).variables()) {
                    if (values.unreadable(variable) != null) {
                        throw new dev.junction.connector.ConnectorException(values.unreadable(variable));
                    }
                }
            }
            RegistrationValues registered = new RegistrationValues(facts, spec);
            verifier = WebhookVerifier.create(connector.webhooks(), WebhookSecrets.resolve(connector.webhooks(),
                    v -> registered.answers(v) ? registered.value(v) : values.lookup(v)), fetcher);
        } catch (dev.junction.JunctionException e) {
            // the reason names the connection's settings (an environment variable, a file): the operator's, not the sender's
            LOG.warn("Connection '{}' cannot verify webhook deliveries: {}", connection, e.getMessage());
            throw new NotReady("connection '" + connection + "' cannot verify webhook deliveries now: its secrets could not be read"
                    + " (the server's log says why); deliver again later");
        }
        return new Entry(applied, now, verifier, spec.tenant());
    }

    private static String tenantConnection(LoadResult applied, String tenant, String connector) {
        List<String> found = applied.connections().values().stream()
                .filter(c -> connector.equals(c.connector()) && tenant.equals(c.tenant())).map(ConnectionSpec::name).sorted().toList();
        if (found.isEmpty()) {
            throw new EngineException.NotFound("tenant '" + tenant + "' has no connection of connector '" + connector + "'");
        }
        if (found.size() > 1) {
            throw new EngineException.Conflict("tenant '" + tenant + "' has " + found.size() + " connections of connector '" + connector + "' ("
                    + String.join(", ", found) + "); send its webhooks to /hooks/CONNECTION instead");
        }
        return found.getFirst();
    }

    private static final class Counters {
        final LongAdder accepted = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder handshakes = new LongAdder();
        final LongAdder unrouted = new LongAdder();
        final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    }

    /** A connection's verifier, made from these definitions at this time. */
    private record Entry(LoadResult definitions, Instant madeAt, WebhookVerifier verifier, String tenant) {}
}
