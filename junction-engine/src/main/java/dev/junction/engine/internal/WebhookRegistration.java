package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.engine.Connections;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.ExchangeLogSpec;
import dev.junction.spec.LoadResult;
import java.net.URI;
import java.util.List;

/**
 * Runs a connector's webhook {@code register} action when a connection is made through the API, and
 * its {@code unregister} action before it is deleted. Each is called through the connection's own
 * pipeline (auth, rate budget, retries, exchange log: headers only when it succeeds, since the answer may hold the
 * subscription's signing key) with one record:
 * {@code {"url": "BASE/CONNECTION", "connection": NAME, "tenant": TENANT, "config": {...}, "secret": ...}} (the
 * connection's config values, and the signing secret its {@code webhooks.verify} names first when the connection holds
 * it, for a provider that is told the secret: redacted in the exchange log as every secret of the connection), where
 * BASE is the server's
 * public webhook address ({@code publicBaseUrl/hooks}).
 */
public final class WebhookRegistration {
    /**
     * What one register or unregister call came to: {@code error} says why it failed (null when ok);
     * {@code answer} is the provider's answer as JSON (null when none, or not JSON), never shown (it
     * may hold a signing secret): a registration's is kept for its unregister.
     */
    public record Result(String action, String url, boolean ok, String error, JsonNode answer) {
        @Override
        public String toString() {
            return "Result[action=" + action + ", url=" + url + ", ok=" + ok + ", error=" + error + "]";
        }
    }

    /**
     * How long a register call may take while a secret sent in a handshake is taken (the provider sends it before it answers
     * the call: Asana's {@code X-Hook-Secret}); longer than any call's timeouts and retries.
     */
    static final java.time.Duration REGISTERING_FOR = java.time.Duration.ofMinutes(2);

    private final Connections connections;
    private final ConnectionFacts facts;

    /** @param facts where a register call is marked as going on (a handshake's secret is taken only meanwhile) */
    public WebhookRegistration(Connections connections, ConnectionFacts facts) {
        this.connections = connections;
        this.facts = facts;
    }

    /**
     * Runs the register action and, when it succeeds, keeps its answer (a JSON object of at most 16 KiB), the URL
     * and the time with the connection.
     *
     * @return null when the connector declares no register action, or there is no webhook address
     */
    public Result register(LoadResult applied, ConnectionSpec connection, URI base) {
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        if (connector == null || connector.webhooks() == null || connector.webhooks().register() == null || base == null) {
            return null;
        }
        String owner = connection.owningTenant();
        boolean secretSent = connector.webhooks().secretHeader() != null;
        if (secretSent) {
            facts.markRegistering(owner, connection.name(), REGISTERING_FOR);
        }
        boolean created = false;
        try {
            String url = url(base, connection);
            Result result = call(connector, connection, connector.webhooks().register(), url, null);
            if (result.ok()) { // kept for unregister, renew and a verify that takes its key from it
                facts.saveRegistration(owner, connection.name(), result.answer());
                facts.saveRegistered(owner, connection.name(), url);
                created = true;
            }
            return result;
        } finally {
            if (secretSent) {
                facts.clearRegistering(owner, connection.name(), created);
            }
        }
    }

    /**
     * @param registration what the register action answered, kept with the connection (null: none); the
     *     record carries it as {@code registration}, so the action can say {@code {{ record.registration.id }}}
     * @return null when the connector declares no unregister action, or there is no webhook address
     */
    public Result unregister(LoadResult applied, ConnectionSpec connection, URI base, JsonNode registration) {
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        return connector == null || connector.webhooks() == null || connector.webhooks().unregister() == null || base == null ? null
                : call(connector, connection, connector.webhooks().unregister(), url(base, connection), registration);
    }

    /**
     * Runs the connector's {@code renew} action with the kept registration, the webhook's URL as it was
     * registered ({@code url}, null when not kept: the record then has none).
     *
     * @return null when the connector declares no renew action
     */
    public Result renew(LoadResult applied, ConnectionSpec connection, String url, JsonNode registration) {
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        return connector == null || connector.webhooks() == null || connector.webhooks().renew() == null ? null
                : call(connector, connection, connector.webhooks().renew(), url, registration);
    }

    /** {@code BASE/CONNECTION}: where the provider sends the connection's webhooks. */
    private static String url(URI base, ConnectionSpec connection) {
        return base.toString().replaceAll("/+$", "") + "/" + connection.name();
    }

    /**
     * The current secret of {@code webhooks.verify} when it is shared with the provider and is the connection's own
     * ({@code {{ secrets.NAME }}}), else null.
     */
    private static String signingSecret(ConnectorSpec connector, dev.junction.connector.ConnectionValues values) {
        dev.junction.spec.WebhookScheme verify = connector.webhooks().verify();
        if (!verify.sharedSecret() || verify.secrets().isEmpty()) {
            return null;
        }
        dev.junction.template.Template template = dev.junction.template.Template.parse(verify.secrets().getFirst());
        if (template.isConstant() || !template.variables().stream().allMatch(variable -> variable.startsWith("secrets."))) {
            return null;
        }
        try {
            return template.render(values::lookup);
        } catch (RuntimeException e) {
            return null; // not set on this connection: the register action does without it
        }
    }

    private Result call(ConnectorSpec connector, ConnectionSpec connection, String action, String url, JsonNode registration) {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("url", url).put("connection", connection.name()).put("tenant", connection.tenant());
        if (registration != null) {
            record.set("registration", registration);
        }
        try {
            var values = dev.junction.connector.ConnectionValues.resolve(connector, connection, connections.secrets());
            // the connection's config: what to watch differs per connection (Asana's resource: $record.config.projectGid)
            ObjectNode config = record.putObject("config");
            values.config().forEach(config::put);
            // the signing secret the provider is to sign with, when the connection holds it (GitHub's config.secret, Graph's
            // clientState): the secret webhooks.verify names first, when it is one of the connection's secrets
            String signing = signingSecret(connector, values);
            if (signing != null && !signing.isEmpty()) {
                record.put("secret", signing);
            }
        } catch (RuntimeException e) {
            return new Result(action, url, false, e.getMessage(), null);
        }
        CallContext context = new CallContext(null, connection.tenant(), connection.name(), List.of("webhook:" + connection.name()), false);
        // a provider may answer the subscription's signing key (Square's signature_key, Stripe's secret) under any name: the exchange
        // log keeps these calls' headers only when they succeed (a failure, which carries no key, is kept in full as always)
        ConnectionSpec logged = connection.withExchangeLog(new ExchangeLogSpec(ExchangeLogSpec.Bodies.HEADERS, 0));
        try (ConnectionClient client = ConnectionClient.create(connector, logged, connections.secrets(), connections.pipeline(PipelineListener.NONE, true))) {
            JsonNode[] answer = new JsonNode[1];
            ActionResult result = client.call(action, List.of(record), context, null, body -> answer[0] = body);
            return result.allOk() ? new Result(action, url, true, null, answer[0])
                    : new Result(action, url, false, result.outcomes().getFirst().error(), null);
        } catch (RuntimeException e) {
            return new Result(action, url, false, e.getMessage(), null);
        }
    }
}
