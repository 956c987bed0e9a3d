package dev.junction.engine;

import dev.junction.connector.ConnectionValues;
import dev.junction.engine.internal.WebhookEvents;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.webhook.WebhookDelivery;
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
 * <p>A connection's verifier holds its resolved secrets; it is made again when the applied
 * definitions change and at least every {@link #SECRETS_FOR} (so a rotated {@code ${file:}} secret
 * is taken up without a restart).
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
     */
    public record Checked(String connection, String tenant, WebhookResult result) {
        public Checked {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * An accepted delivery, stored.
     *
     * @param eventId the provider's event id
     * @param subscribers the targets (syncs) it was stored for; empty: none subscribes (stored as ignored)
     * @param duplicate whether the event was in the inbox already (a redelivery): nothing new was stored
     */
    public record Received(String eventId, List<String> subscribers, boolean duplicate) {}

    /**
     * How many deliveries a connection's endpoint accepted, took again (duplicates), answered as
     * handshakes and refused (by HTTP status, such as {@code "401"}), since this process started.
     */
    public record Counts(String connection, long accepted, long duplicates, long handshakes, Map<String, Long> rejected) {}

    private final Definitions definitions;
    private final Connections connections;
    private final Clock clock;
    private final WebhookEvents events;
    private final Map<String, Entry> verifiers = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    Webhooks(Definitions definitions, Connections connections, WebhookEvents events, Clock clock) {
        this.definitions = definitions;
        this.connections = connections;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The largest body connection {@code connection}'s endpoint takes: read at most one byte more
     * than this before calling {@link #check}.
     *
     * @throws EngineException.NotFound when no such connection is applied, or its connector declares no webhooks
     */
    public long maxBodySize(String connection) {
        return verifier(definitions.applied(), connection).verifier().maxBodySize();
    }

    /**
     * Checks a delivery to {@code connection}'s endpoint: its size, then its raw bytes against the
     * connection's secrets, then what it says. Refusals are counted here.
     *
     * @throws EngineException.NotFound when no such connection is applied, or its connector declares no webhooks
     */
    public Checked check(String connection, WebhookDelivery delivery) {
        Entry entry = verifier(definitions.applied(), connection);
        WebhookResult result = entry.verifier().verify(delivery);
        Counters count = counters.computeIfAbsent(connection, c -> new Counters());
        switch (result) {
            case WebhookResult.Rejected r -> count.rejected.computeIfAbsent(r.status(), s -> new LongAdder()).increment();
            case WebhookResult.Handshake h -> count.handshakes.increment();
            case WebhookResult.Accepted a -> { }
        }
        return new Checked(connection, entry.tenant(), result);
    }

    /**
     * {@link #check} for tenant {@code tenant}'s one connection of connector {@code connector}: the
     * per-tenant endpoint, for a product whose customers each connect their own account.
     *
     * @throws EngineException.NotFound when the tenant has no connection of that connector
     * @throws EngineException.Conflict when the tenant has several (name one: use the connection's endpoint)
     */
    public Checked checkForTenant(String tenant, String connector, WebhookDelivery delivery) {
        return check(tenantConnection(definitions.applied(), tenant, connector), delivery);
    }

    /** The name of tenant {@code tenant}'s one connection of connector {@code connector}. */
    public String tenantConnection(String tenant, String connector) {
        return tenantConnection(definitions.applied(), tenant, connector);
    }

    /**
     * Stores an accepted delivery in the inbox, once for each sync that subscribes to its connection
     * and event type, and returns once it is durable (committed, and on the embedded store written to
     * its file): only then may the caller answer 2xx. A redelivery of an event still in the inbox
     * stores nothing new.
     *
     * @throws IllegalArgumentException when {@code checked} was not accepted
     */
    public Received receive(Checked checked) {
        if (!(checked.result() instanceof WebhookResult.Accepted accepted)) {
            throw new IllegalArgumentException("only an accepted delivery is stored; this one was " + checked.result().getClass().getSimpleName());
        }
        WebhookEvents.Stored stored = events.store(definitions.applied(), checked.connection(), checked.tenant(), accepted, clock.instant());
        Received received = new Received(accepted.eventId(), stored.targets(), stored.duplicate());
        Counters count = counters.computeIfAbsent(checked.connection(), c -> new Counters());
        (received.duplicate() ? count.duplicates : count.accepted).increment();
        return received;
    }

    /** What each connection's endpoint received since this process started, by connection name. */
    public List<Counts> counts() {
        List<Counts> all = new ArrayList<>();
        new TreeMap<>(counters).forEach((connection, c) -> {
            Map<String, Long> rejected = new TreeMap<>();
            c.rejected.forEach((status, n) -> rejected.put(Integer.toString(status), n.sum()));
            all.add(new Counts(connection, c.accepted.sum(), c.duplicates.sum(), c.handshakes.sum(), rejected));
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
        ConnectionSpec spec = applied.connections().get(connection);
        if (spec == null) {
            throw new EngineException.NotFound("no connection named '" + connection + "' is applied; its webhook endpoint is /hooks/CONNECTION");
        }
        ConnectorSpec connector = spec.connector() == null ? null : applied.connectors().get(spec.connector());
        if (connector == null || connector.webhooks() == null) {
            throw new EngineException.NotFound("connection '" + connection + "' takes no webhooks: its connector"
                    + (spec.connector() == null ? "" : " '" + spec.connector() + "'") + " declares no webhooks: section");
        }
        for (String text : connector.webhooks().verify().secrets()) {
            for (String variable : dev.junction.template.Template.parse(text).variables()) {
                String name = variable.startsWith("secrets.") ? variable.substring("secrets.".length()) : null;
                var declared = name == null || connector.secrets() == null ? null : connector.secrets().get(name);
                boolean given = name != null && spec.secrets() != null && spec.secrets().containsKey(name)
                        || declared != null && declared.defaultValue() != null;
                if (name != null && !given) {
                    throw new EngineException.NotFound("connection '" + connection + "' takes no webhooks: it sets no " + variable
                            + ", which its connector's webhooks.verify signs with");
                }
            }
        }
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
            verifier = WebhookVerifier.create(connector.webhooks(), WebhookSecrets.resolve(connector.webhooks(), values::lookup));
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
        final Map<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
    }

    /** A connection's verifier, made from these definitions at this time. */
    private record Entry(LoadResult definitions, Instant madeAt, WebhookVerifier verifier, String tenant) {}
}
