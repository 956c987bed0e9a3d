package dev.junction.engine.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.WebhookScheme;
import dev.junction.spec.WebhookVendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Junction does itself with Microsoft Graph's lifecycle notifications ({@code scheme: msgraph}),
 * which say something about the subscription rather than about a resource:
 * <ul>
 *   <li>{@code reauthorizationRequired}: the subscription must be reauthorized or renewed soon, or
 *       Graph stops delivering; its renewal is due at once (the connector's {@code webhooks.renew},
 *       run by {@code junction serve}'s next renewal pass, within a minute);</li>
 *   <li>{@code subscriptionRemoved}: Graph removed the subscription; its kept registration is
 *       forgotten (renewing it would fail for ever) and it is registered again at the address it had
 *       (the connector's {@code webhooks.register}, run by the next renewal pass; a failed attempt is
 *       tried again after five minutes); without a register action the log says to set it up again;</li>
 *   <li>{@code missed}: Graph could not deliver some notifications; logged. A sync that takes it
 *       ({@code on: { webhook: { events: [missed], run: true } }}) reads its source again.</li>
 * </ul>
 * They are events too (typed by their {@code lifecycleEvent}), for the syncs and flows that take them.
 */
public final class GraphLifecycle {
    static final String REAUTHORIZATION_REQUIRED = "reauthorizationRequired";
    static final String SUBSCRIPTION_REMOVED = "subscriptionRemoved";
    static final String MISSED = "missed";
    private static final Logger LOG = LoggerFactory.getLogger(GraphLifecycle.class);

    private final ConnectionFacts facts;

    public GraphLifecycle(ConnectionFacts facts) {
        this.facts = facts;
    }

    /** An event connection {@code name} received (not a duplicate): acted on when it is one of Graph's lifecycle notifications. */
    public void received(LoadResult applied, String name, String eventType) {
        if (!REAUTHORIZATION_REQUIRED.equals(eventType) && !SUBSCRIPTION_REMOVED.equals(eventType) && !MISSED.equals(eventType)) {
            return;
        }
        ConnectionSpec connection = applied.connections().get(name);
        ConnectorSpec connector = connection == null || connection.connector() == null ? null : applied.connectors().get(connection.connector());
        if (connector == null || connector.webhooks() == null || !(connector.webhooks().verify() instanceof WebhookScheme.Vendor v)
                || v.kind() != WebhookVendor.MSGRAPH) {
            return;
        }
        String owner = connection.owningTenant();
        boolean kept = facts.registration(owner, name) != null;
        switch (eventType) {
            case REAUTHORIZATION_REQUIRED -> {
                if (kept && connector.webhooks().renew() != null) {
                    facts.askRenewal(owner, name);
                    LOG.info("Connection '{}': Microsoft Graph asks for its subscription to be reauthorized; it is renewed at the next renewal pass"
                            + " (within a minute under junction serve)", name);
                } else {
                    LOG.warn("Connection '{}': Microsoft Graph asks for its subscription to be reauthorized, but {}; Graph stops delivering once"
                            + " the subscription's access expires", name, kept ? "its connector declares no webhooks.renew action"
                                    : "Junction keeps no registration of it to renew");
                }
            }
            case SUBSCRIPTION_REMOVED -> {
                if (kept && connector.webhooks().register() != null && facts.registrationUrl(owner, name) != null) {
                    facts.askRegistrationAgain(owner, name);
                    LOG.warn("Connection '{}': Microsoft Graph removed its subscription; it is registered again at the same address at the next"
                            + " renewal pass (within a minute under junction serve)", name);
                    return;
                }
                if (kept) {
                    facts.forgetRegistration(owner, name);
                }
                LOG.warn("Connection '{}': Microsoft Graph removed its subscription; no more notifications come until it is registered again"
                        + " (junction connections register-webhook {}, or POST /api/v1/connections/{}/webhook/register)", name, name, name);
            }
            default -> LOG.warn("Connection '{}': Microsoft Graph could not deliver some notifications (lifecycle event 'missed'); a sync that"
                    + " takes the event with run: true reads its source again", name);
        }
    }
}
