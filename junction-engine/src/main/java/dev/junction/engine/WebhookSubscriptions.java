package dev.junction.engine;

import dev.junction.engine.internal.ConnectionFacts;
import dev.junction.engine.internal.WebhookRegistration;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import java.net.URI;

/**
 * A connection's webhook at its provider, registered or removed on request through its connector's
 * {@code webhooks.register} and {@code unregister} actions. A connection made through the API or the
 * connect page is registered when it is made; this is for the others: a connection applied from YAML
 * (never registered by itself), and a made one whose registration failed or must be done again.
 *
 * <p>The register action's answer is kept with the connection (encrypted), as when it is made: its
 * {@code unregister} names the subscription by it, and {@code webhooks.verify} may take its signing key
 * from it ({@code {{ registration.FIELD }}}).
 */
public final class WebhookSubscriptions {
    /** How long after a failed renewal it is tried again. */
    public static final java.time.Duration RETRY_RENEWAL = java.time.Duration.ofMinutes(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookSubscriptions.class);

    private final Definitions definitions;
    private final WebhookRegistration calls;
    private final ConnectionFacts facts;

    WebhookSubscriptions(Definitions definitions, WebhookRegistration calls, ConnectionFacts facts) {
        this.definitions = definitions;
        this.calls = calls;
        this.facts = facts;
    }

    /**
     * Runs the connector's register action for connection {@code name}, and keeps its answer.
     *
     * @param tenant the caller's tenant (a connection of another tenant is not found); null: any
     * @param webhookBase the server's public webhook address ({@code https://junction.example.com/hooks})
     * @param again register even though an answer is kept already (replacing it); without it that is refused
     * @return what the call came to; a provider that refused it is a result ({@code ok} false), not an exception
     * @throws EngineException.NotFound when no such connection is applied (for this tenant)
     * @throws EngineException.Invalid when its connector declares no register action, or there is no address
     * @throws EngineException.Conflict when a registration is kept and {@code again} is false
     */
    public WebhookRegistration.Result register(String name, String tenant, URI webhookBase, boolean again) {
        LoadResult applied = definitions.applied();
        ConnectionSpec connection = connection(applied, name, tenant);
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        if (connector == null || connector.webhooks() == null || connector.webhooks().register() == null) {
            throw new EngineException.Invalid("connection '" + name + "': its connector '" + connection.connector() + "' declares no"
                    + " webhooks.register action, so Junction cannot create its webhook at the provider; set it up on the provider's side");
        }
        checkAddress(webhookBase);
        String owner = connection.owningTenant();
        if (!again && facts.registration(owner, name) != null) {
            throw new EngineException.Conflict("connection '" + name + "' has a registration kept already; register again to replace it (the"
                    + " provider may then hold two subscriptions: unregister the old one first if its connector declares unregister)");
        }
        return calls.register(applied, connection, webhookBase); // its answer kept when ok
    }

    /**
     * Runs the connector's unregister action for connection {@code name} with its kept registration, and
     * forgets the registration once the provider removed it.
     *
     * @throws EngineException.NotFound when no such connection is applied (for this tenant)
     * @throws EngineException.Invalid when its connector declares no unregister action, or there is no address
     */
    public WebhookRegistration.Result unregister(String name, String tenant, URI webhookBase) {
        LoadResult applied = definitions.applied();
        ConnectionSpec connection = connection(applied, name, tenant);
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        if (connector == null || connector.webhooks() == null || connector.webhooks().unregister() == null) {
            throw new EngineException.Invalid("connection '" + name + "': its connector '" + connection.connector() + "' declares no"
                    + " webhooks.unregister action; remove the webhook on the provider's side");
        }
        checkAddress(webhookBase);
        String owner = connection.owningTenant();
        WebhookRegistration.Result result = calls.unregister(applied, connection, webhookBase, facts.registration(owner, name));
        if (result.ok()) {
            facts.forgetRegistration(owner, name);
        }
        return result;
    }

    /**
     * Renews, through its connector's {@code renew} action, every kept registration whose renewal is due
     * ({@code renewEvery} since it was registered or last renewed): Microsoft Graph's subscriptions expire
     * within three days. A renewal's answer joins the kept registration; a failed one is logged and tried
     * again after {@link #RETRY_RENEWAL} (or sooner when {@code renewEvery} is shorter). Run every minute by
     * {@code junction serve}; several nodes may each renew one registration at about the same time, which
     * a renewal (an expiry moved forward) takes in its stride. A webhook its provider removed (Graph's
     * subscriptionRemoved) is registered again here, at the address it had.
     *
     * @return how many renewals were tried
     */
    public int renewDue() {
        LoadResult applied = definitions.applied();
        int tried = 0;
        for (ConnectionSpec connection : applied.connections().values()) {
            ConnectorSpec connector = connection.connector() == null ? null : applied.connectors().get(connection.connector());
            if (connector != null && connector.webhooks() != null && connector.webhooks().register() != null
                    && facts.registrationAgainDue(connection.owningTenant(), connection.name())) {
                tried++;
                registerAgain(applied, connection);
                continue;
            }
            if (connector == null || connector.webhooks() == null || connector.webhooks().renew() == null) {
                continue;
            }
            String owner = connection.owningTenant();
            com.fasterxml.jackson.databind.JsonNode registration = facts.registration(owner, connection.name());
            java.time.Duration every = connector.webhooks().renewEvery();
            if (registration == null || !facts.renewalDue(owner, connection.name(), every)) {
                continue;
            }
            tried++;
            WebhookRegistration.Result result = calls.renew(applied, connection, facts.registrationUrl(owner, connection.name()), registration);
            if (result.ok()) {
                facts.saveRenewed(owner, connection.name(), result.answer());
            } else {
                java.time.Duration retry = every.compareTo(RETRY_RENEWAL) < 0 ? every : RETRY_RENEWAL;
                LOG.warn("Connection '{}': renewing its webhook at the provider ({}) failed, tried again in {}: {}", connection.name(),
                        result.action(), retry, result.error());
                facts.saveRenewalFailed(owner, connection.name(), retry);
            }
        }
        return tried;
    }

    /**
     * Registers again, at the address it had, a webhook its provider removed (Microsoft Graph's
     * subscriptionRemoved, {@link dev.junction.engine.internal.GraphLifecycle}); a failure is logged and
     * tried again after {@link #RETRY_RENEWAL}.
     */
    private void registerAgain(LoadResult applied, ConnectionSpec connection) {
        String owner = connection.owningTenant();
        String url = facts.registrationUrl(owner, connection.name());
        String suffix = "/" + connection.name();
        URI base = URI.create(url.endsWith(suffix) ? url.substring(0, url.length() - suffix.length()) : url);
        WebhookRegistration.Result result = calls.register(applied, connection, base);
        if (result != null && result.ok()) {
            LOG.info("Connection '{}': its webhook, which the provider had removed, is registered again at {}", connection.name(), url);
        } else {
            LOG.warn("Connection '{}': registering again its webhook, which the provider had removed, failed; tried again in {}: {}",
                    connection.name(), RETRY_RENEWAL, result == null ? "no register action" : result.error());
            facts.saveRenewalFailed(owner, connection.name(), RETRY_RENEWAL);
        }
    }

    /**
     * A connection's webhook at its provider, as far as Junction made it: whether a registration is kept (its answer is
     * never shown: it may hold a signing key), where and when it was registered or last renewed, and until when a failed
     * renewal waits.
     */
    public record Status(boolean registered, String url, java.time.Instant renewedAt, java.time.Instant renewalRetryAt) {}

    /** The webhook status of connection {@code name}; null when its connector declares no register action. */
    public Status status(String name) {
        LoadResult applied = definitions.applied();
        ConnectionSpec connection = applied.connections().get(name);
        ConnectorSpec connector = connection == null || connection.connector() == null ? null : applied.connectors().get(connection.connector());
        if (connector == null || connector.webhooks() == null || connector.webhooks().register() == null) {
            return null;
        }
        ConnectionFacts.Registered kept = facts.registered(connection.owningTenant(), name);
        return new Status(kept.registration() != null, kept.url(), kept.renewedAt(), kept.retryAt());
    }

    /** Whether a registration of connection {@code name} is kept (its answer is never shown: it may hold a signing key). */
    public boolean registered(String name) {
        ConnectionSpec connection = definitions.applied().connections().get(name);
        return connection != null && facts.registration(connection.owningTenant(), name) != null;
    }

    private static ConnectionSpec connection(LoadResult applied, String name, String tenant) {
        ConnectionSpec connection = applied.connections().get(name);
        if (connection == null || tenant != null && !tenant.equals(connection.tenant())) {
            throw new EngineException.NotFound("no connection named '" + name + "' is applied");
        }
        return connection;
    }

    private static void checkAddress(URI webhookBase) {
        if (webhookBase == null) {
            throw new EngineException.Invalid("no public address to give the provider: set the server's publicBaseUrl (or --public-base-url),"
                    + " the address the provider reaches this server at");
        }
    }
}
