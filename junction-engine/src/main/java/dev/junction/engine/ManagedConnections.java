package dev.junction.engine;

import dev.junction.engine.internal.DefinitionTrusts;

import dev.junction.engine.internal.ConnectionDrafts;
import dev.junction.engine.internal.ConnectionFacts;
import dev.junction.engine.internal.PrimaryBindings;
import dev.junction.engine.internal.WebhookRegistration;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.ValueRef;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.StoredDefinition;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Connections made through the API or the connect page rather than written in YAML: their secrets are
 * values kept in the store, encrypted with the tenant's data key, never returned. Each is still a
 * definition, which Junction writes itself ({@code ${stored:FIELD}} for every secret, origin
 * {@value Definitions#MANAGED_ORIGIN}) and versions like any other, applied by the caller's token, so
 * runs, syncs and the definitions routes see it as they see a YAML connection.
 *
 * <p>Names stay global, as definitions are: a name taken by any connection (of any tenant, from YAML
 * or from here) is a {@link EngineException.Conflict}. A change keeps the connection's state
 * (checkpoints, fingerprints, schemas) and its OAuth tokens, unless a secret value changed (the tokens
 * belonged to the old credentials). Deleting removes the definition, its stored values and tokens.
 * When the connector declares webhook {@code register}/{@code unregister} actions, they run after a
 * creation and before a deletion ({@link WebhookRegistration}).
 */
public final class ManagedConnections {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagedConnections.class);
    /**
     * A connection to make: connector, name, tenant ({@value ConnectionSpec#DEFAULT_TENANT} when null),
     * environment, config and secret values, and whether it is the tenant's primary connection of the
     * connector (null: only when the tenant has no other; see {@link PrimaryBindings}). {@code limits}:
     * the connection's own {@code rateLimit}, {@code retry}, {@code timeouts} and {@code exchangeLog}
     * blocks (each an object with the connector's keys), each replacing the connector's.
     */
    public record NewConnection(String name, String connector, String tenant, String environment, Map<String, String> config,
            Map<String, String> secrets, Boolean primary, Map<String, Object> limits) {
        public NewConnection {
            config = config == null ? Map.of() : config;
            secrets = secrets == null ? Map.of() : secrets;
            limits = limits == null ? Map.of() : limits;
        }

        public NewConnection(String name, String connector, String tenant, String environment, Map<String, String> config, Map<String, String> secrets,
                Boolean primary) {
            this(name, connector, tenant, environment, config, secrets, primary, null);
        }

        public NewConnection(String name, String connector, String tenant, String environment, Map<String, String> config, Map<String, String> secrets) {
            this(name, connector, tenant, environment, config, secrets, null);
        }
    }

    /**
     * A change: config values to set (a null value removes one) and secret values to set; with
     * {@code replace}, the given config and secrets are the whole of them (what is left out is gone).
     * {@code limits}: blocks to set (an empty object removes the connection's own, so the connector's
     * applies again); with {@code replace}, the given ones are all the connection keeps.
     */
    public record Change(Map<String, String> config, Map<String, String> secrets, String environment, boolean replace, Boolean primary,
            Map<String, Object> limits) {
        public Change {
            limits = limits == null ? Map.of() : limits;
        }

        public Change(Map<String, String> config, Map<String, String> secrets, String environment, boolean replace, Boolean primary) {
            this(config, secrets, environment, replace, primary, null);
        }

        public Change(Map<String, String> config, Map<String, String> secrets, String environment, boolean replace) {
            this(config, secrets, environment, replace, null);
        }
    }

    /**
     * What making or changing a connection did: its definition's version, the webhook's registration
     * (if the connector has one), and the per-tenant syncs whose tenant state was cleared because they
     * now use another connection ({@link PrimaryBindings}).
     */
    public record Outcome(ConnectionSpec connection, int version, boolean tokensKept, WebhookRegistration.Result webhook, List<String> statesCleared) {
        public Outcome {
            statesCleared = statesCleared == null ? List.of() : List.copyOf(statesCleared);
        }
    }

    private final Definitions definitions;
    private final Connections connections;
    private final Clock clock;
    private final WebhookRegistration webhooks;
    private final ConnectionFacts facts;
    private final PrimaryBindings bindings;

    private final ConnectionHealth health;
    private final WebhookSubscriptions subscriptions;

    ManagedConnections(Definitions definitions, Connections connections, Clock clock, SyncStates states, ConnectionHealth health) {
        this.health = health;
        this.definitions = definitions;
        this.connections = connections;
        this.clock = clock;
        this.facts = new ConnectionFacts(connections::storedValues, clock);
        this.webhooks = new WebhookRegistration(connections, facts);
        this.bindings = new PrimaryBindings(states);
        this.subscriptions = new WebhookSubscriptions(definitions, webhooks, facts);
    }

    /** Registering and removing any applied connection's webhook at its provider on request (a YAML one's, or to try again). */
    public WebhookSubscriptions webhooks() {
        return subscriptions;
    }

    /**
     * Makes a connection: checks it against its connector, stores its secret values encrypted, applies
     * its definition (by {@code appliedBy}), then registers the connector's webhook at
     * {@code webhookBase/CONNECTION} if it declares {@code register}. A failed registration does not undo
     * the connection: the outcome says why, so the caller can retry or delete.
     *
     * @param webhookBase where the provider should send webhooks ({@code https://junction.example.com/hooks}); null: no registration
     * @throws EngineException.Invalid when the connector is not applied, or a field is unknown, missing or bad
     * @throws EngineException.Conflict when a connection (of any tenant) has that name
     */
    public Outcome create(NewConnection asked, String appliedBy, URI webhookBase) {
        String tenant = asked.tenant() == null ? ConnectionSpec.DEFAULT_TENANT : asked.tenant();
        ConnectionDrafts.checkName(asked.name());
        ConnectionDrafts.checkTenant(tenant);
        if (definitions.currentVersion("Connection", asked.name()) > 0) {
            throw new EngineException.Conflict("a connection named '" + asked.name() + "' exists already; connection names are shared by every"
                    + " tenant, so choose another (such as " + tenant + "-" + asked.name() + ")");
        }
        ConnectorSpec connector = connector(asked.connector());
        ConnectionDrafts.check(connector, asked.config(), asked.secrets(), true);
        ConnectionDrafts.checkLimits(asked.limits());
        LoadResult before = definitions.applied();
        boolean primary = asked.primary() != null ? asked.primary() : PrimaryBindings.primaryByDefault(before, connector.name(), tenant);
        Map<String, String> bound = PrimaryBindings.of(before, connector.name(), tenant);
        bindings.checkNoneRunning(before, connector.name(), tenant);
        ConnectionSpec demoted = primary ? demotable(before, connector.name(), tenant, asked.name()) : null;
        connections.storedValues().save(tenant, asked.name(), asked.secrets(), clock.instant());
        int version;
        try {
            demote(demoted, appliedBy, true);
            version = apply(asked.name(), tenant, ConnectionDrafts.yaml(asked.name(), connector.name(), tenant, asked.environment(), asked.config(),
                    asked.secrets().keySet(), primary, asked.limits()), 0, appliedBy);
        } catch (RuntimeException e) {
            connections.storedValues().delete(tenant, asked.name());
            demote(demoted, appliedBy, false);
            throw e;
        }
        List<String> cleared = bindings.resetMoved(bound, definitions.applied(), connector.name(), tenant);
        facts.delete(tenant, asked.name()); // of an earlier connection of that name, deleted as a definition
        ConnectionSpec made = definitions.applied().connections().get(asked.name());
        learnAccount(connector, made);
        WebhookRegistration.Result registered = webhooks.register(definitions.applied(), made, webhookBase); // its answer kept when ok
        return new Outcome(made, version, false, registered, cleared);
    }

    /**
     * Changes a connection made here (not one written in YAML: that is changed through its definition).
     *
     * @param tenant the caller's tenant (null: an operator); another tenant's connection is NotFound
     */
    public Outcome update(String name, String tenant, Change change, String appliedBy) {
        ConnectionSpec current = managed(name, tenant);
        ConnectorSpec connector = connector(current.connector());
        Map<String, String> stored = connections.storedValues().find(current.tenant(), name);
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        if (!change.replace()) {
            current.config().forEach((k, v) -> config.put(k, ((ValueRef.Literal) v).value()));
            secrets.putAll(stored);
        }
        if (change.config() != null) {
            change.config().forEach((k, v) -> {
                if (v == null) {
                    config.remove(k);
                } else {
                    config.put(k, v);
                }
            });
        }
        if (change.secrets() != null) {
            change.secrets().forEach((k, v) -> {
                if (v == null) {
                    secrets.remove(k);
                } else {
                    secrets.put(k, v);
                }
            });
        }
        ConnectionDrafts.check(connector, config, secrets, true);
        ConnectionDrafts.checkLimits(change.limits());
        Map<String, Object> limits = change.replace() ? new LinkedHashMap<>() : ConnectionDrafts.limitsOf(definition(name).source());
        change.limits().forEach((k, v) -> {
            if (((Map<?, ?>) v).isEmpty()) {
                limits.remove(k);
            } else {
                limits.put(k, v);
            }
        });
        String environment = change.environment() != null ? change.environment() : current.environment();
        boolean secretsChanged = !secrets.equals(stored);
        boolean primary = change.primary() != null ? change.primary() : current.primary();
        LoadResult before = definitions.applied();
        Map<String, String> bound = PrimaryBindings.of(before, connector.name(), current.tenant());
        if (primary != current.primary()) {
            bindings.checkNoneRunning(before, connector.name(), current.tenant());
        }
        ConnectionSpec demoted = primary && !current.primary() ? demotable(before, connector.name(), current.tenant(), name) : null;
        connections.storedValues().save(current.tenant(), name, secrets, clock.instant());
        int version;
        try {
            demote(demoted, appliedBy, true);
            version = apply(name, current.tenant(), ConnectionDrafts.yaml(name, connector.name(), current.tenant(), environment, config, secrets.keySet(),
                    primary, limits), DefinitionRepository.ANY_VERSION, appliedBy);
        } catch (RuntimeException e) {
            connections.storedValues().save(current.tenant(), name, stored, clock.instant());
            demote(demoted, appliedBy, false);
            throw e;
        }
        List<String> cleared = bindings.resetMoved(bound, definitions.applied(), connector.name(), current.tenant());
        if (secretsChanged) {
            connections.credentials().delete(current.tenant(), name); // tokens of the old credentials
            learnAccount(connector, definitions.applied().connections().get(name));
        }
        return new Outcome(definitions.applied().connections().get(name), version, !secretsChanged, null, cleared);
    }

    /**
     * Deletes a connection made here, with its stored values and tokens, after unregistering the
     * connector's webhook if it declares {@code unregister}.
     *
     * @param force delete even when unregistering the webhook failed
     * @return the unregistration, or null when the connector declares none
     * @throws EngineException.Conflict when a sync names the connection, or the webhook could not be
     *     unregistered (and {@code force} is false): nothing was deleted then
     */
    public WebhookRegistration.Result delete(String name, String tenant, boolean force, URI webhookBase) {
        ConnectionSpec current = managed(name, tenant);
        LoadResult applied = definitions.applied();
        Map<String, String> bound = PrimaryBindings.of(applied, current.connector(), current.tenant());
        bindings.checkNoneRunning(applied, current.connector(), current.tenant());
        WebhookRegistration.Result unregistered = webhooks.unregister(applied, current, webhookBase, facts.registration(current.tenant(), name));
        if (unregistered != null && !unregistered.ok() && !force) {
            throw new EngineException.Conflict("the webhook of connection '" + name + "' could not be removed at the provider: " + unregistered.error()
                    + "; nothing was deleted. Try again, or delete with force to leave the webhook behind");
        }
        LoadResult problems = definitions.delete("Connection", name, DefinitionRepository.ANY_VERSION);
        if (!problems.ok()) {
            throw new EngineException.Conflict("connection '" + name + "' is still used: " + problems.problems().getFirst().message()
                    + (problems.problems().size() > 1 ? " (and " + (problems.problems().size() - 1) + " more)" : "") + "; change those definitions first");
        }
        facts.delete(current.tenant(), name);
        bindings.resetMoved(bound, definitions.applied(), current.connector(), current.tenant());
        return unregistered;
    }

    /**
     * Who the account of a connection made with a form (an API key, a password, client credentials) is:
     * when its connector's {@code check:} declares {@code account}, the check runs now (recorded as the
     * connection's first check, trigger {@code connect}) and a healthy answer names the account. An
     * OAuth connection learns it from the connect flow's identity call instead. Best effort: a failed
     * check leaves the connection made, with the check's status.
     */
    private void learnAccount(ConnectorSpec connector, ConnectionSpec made) {
        boolean oauthCode = connector.auth() instanceof dev.junction.spec.AuthSpec.OAuth2 o && o.grant() == dev.junction.spec.AuthSpec.Grant.AUTHORIZATION_CODE;
        if (made == null || oauthCode || connector.check() == null || connector.check().account() == null) {
            return;
        }
        try {
            health.check(made.name(), null, "connect");
        } catch (RuntimeException e) {
            LOG.warn("Connection '{}' was made, but checking it to learn its account failed: {}", made.name(), e.getMessage());
        }
    }

    /**
     * The connected account of a connection, as the connect flow learned it (userinfo or the connector's
     * {@code auth.identity}) or a healthy check found it (its connector's {@code check.account}, also for
     * a YAML connection); null when none was learned.
     */
    public ConnectionFacts.Account account(String name) {
        ConnectionSpec current = definitions.applied().connections().get(name);
        return current == null ? null : facts.account(current.owningTenant(), name);
    }

    /** Keeps the connected account the connect flow learned; null keeps the one known (a reconnect whose identity call failed). */
    void keepAccount(String tenant, String name, ConnectionFacts.Account account) {
        if (account != null) {
            facts.saveAccount(tenant, name, account);
        }
    }

    /** Whether the connection was made here (through the API or the connect page). */
    public boolean isManaged(String name) {
        return definitions.list().stream().anyMatch(d -> d.kind().equals("Connection") && d.name().equals(name) && Definitions.managed(d));
    }

    private ConnectionSpec managed(String name, String tenant) {
        ConnectionSpec current = definitions.applied().connections().get(name);
        if (current == null || (tenant != null && !tenant.equals(current.tenant()))) {
            throw new EngineException.NotFound("no connection named '" + name + "' is applied");
        }
        if (!isManaged(name)) {
            throw new EngineException.Conflict("connection '" + name + "' was applied as a definition (YAML), so its secrets are references, not"
                    + " stored values; change it through /api/v1/definitions/Connection/" + name + " or junction apply");
        }
        return current;
    }

    private ConnectorSpec connector(String name) {
        if (name == null || name.isBlank()) {
            throw new EngineException.Invalid("connector is required: the name of an applied connector");
        }
        ConnectorSpec connector = definitions.applied().connectors().get(name);
        if (connector == null) {
            List<String> known = List.copyOf(definitions.applied().connectors().keySet());
            throw new EngineException.Invalid("unknown connector '" + name + "'" + (known.isEmpty() ? "; no connectors are applied"
                    : "; applied connectors: " + String.join(", ", known)));
        }
        return connector;
    }

    /**
     * The tenant's other primary connection of the connector, which a new primary one takes the place
     * of; it must be one made here (a YAML connection's flag is changed in its YAML).
     */
    private ConnectionSpec demotable(LoadResult applied, String connector, String tenant, String name) {
        ConnectionSpec other = PrimaryBindings.otherPrimary(applied, connector, tenant, name);
        if (other != null && !isManaged(other.name())) {
            throw new EngineException.Conflict("connection '" + other.name() + "' is tenant '" + tenant + "''s primary connection of connector '"
                    + connector + "' and was applied as a definition (YAML); set primary: false in its YAML first, or make this one with primary false");
        }
        return other;
    }

    /** Re-applies {@code other} (a connection made here) with {@code primary} false ({@code demote}) or back to true. */
    private void demote(ConnectionSpec other, String appliedBy, boolean demote) {
        if (other == null) {
            return;
        }
        Map<String, String> config = new LinkedHashMap<>();
        other.config().forEach((k, v) -> config.put(k, ((ValueRef.Literal) v).value()));
        apply(other.name(), other.tenant(), ConnectionDrafts.yaml(other.name(), other.connector(), other.tenant(), other.environment(), config,
                other.secrets().keySet(), !demote, ConnectionDrafts.limitsOf(definition(other.name()).source())), DefinitionRepository.ANY_VERSION,
                appliedBy);
    }

    /**
     * Applies a connection made here. A customer's connection (any tenant but the operator's
     * {@code default}) is recorded as a tenant's whoever asked for it, an operator token included:
     * its values come from the customer (the connect page's form, a product's backend passing them
     * on), so its requests follow the tenant's outbound address policy ({@link DefinitionTrusts}).
     */
    private int apply(String name, String tenant, String yaml, int expectedVersion, String appliedBy) {
        boolean customers = tenant != null && !ConnectionSpec.DEFAULT_TENANT.equals(tenant);
        String by = customers && DefinitionTrusts.trustOf(appliedBy) != dev.junction.spec.DefinitionTrust.TENANT
                ? DefinitionTrusts.TENANT_PREFIX + tenant + "/" + appliedBy : appliedBy;
        Definitions.ApplyResult result = definitions.applyOne("Connection", name, new SourceText(Definitions.MANAGED_ORIGIN, yaml, true),
                expectedVersion, by);
        if (!result.ok()) {
            throw new EngineException.Invalid("connection '" + name + "' does not fit its connector: " + String.join("; ",
                    result.result().problems().stream().map(p -> p.path() + ": " + p.message()).toList()));
        }
        return result.applied().getFirst().version();
    }

    /** The stored definition of a connection made here, for callers that show versions. */
    public StoredDefinition definition(String name) {
        return Objects.requireNonNull(definitions.get("Connection", name));
    }
}
