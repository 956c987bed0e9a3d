package dev.junction.engine.internal;

import dev.junction.engine.EngineException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.template.Template;

/** Whether a connection's webhook endpoint ({@code /hooks/CONNECTION}) exists: what answers 404 before anything is verified. */
public final class WebhookEndpoints {
    private WebhookEndpoints() {}

    /**
     * The connector of {@code connection}, which declares {@code webhooks:}.
     *
     * @throws EngineException.NotFound when no such connection is applied, or its connector declares no webhooks
     */
    public static ConnectorSpec connector(LoadResult applied, String connection) {
        ConnectionSpec spec = applied.connections().get(connection);
        if (spec == null) {
            throw new EngineException.NotFound("no connection named '" + connection + "' is applied; its webhook endpoint is /hooks/CONNECTION");
        }
        ConnectorSpec connector = spec.connector() == null ? null : applied.connectors().get(spec.connector());
        if (connector == null || connector.webhooks() == null) {
            throw new EngineException.NotFound("connection '" + connection + "' takes no webhooks: its connector"
                    + (spec.connector() == null ? "" : " '" + spec.connector() + "'") + " declares no webhooks: section");
        }
        return connector;
    }

    /**
     * @throws EngineException.NotFound when {@code connection} sets no value (nor its connector a default) for a
     *     {@code secrets.*} its connector's {@code webhooks.verify} signs with; the registration's and the
     *     handshake's values are the register call's to bring, not the connection's
     */
    public static void checkSecretsSet(ConnectorSpec connector, ConnectionSpec connection) {
        for (String text : connector.webhooks().verify().secrets()) {
            for (String variable : Template.parse(text).variables()) {
                String name = variable.startsWith("secrets.") ? variable.substring("secrets.".length()) : null;
                var declared = name == null || connector.secrets() == null ? null : connector.secrets().get(name);
                boolean given = name != null && connection.secrets() != null && connection.secrets().containsKey(name)
                        || declared != null && declared.defaultValue() != null;
                if (name != null && !given) {
                    throw new EngineException.NotFound("connection '" + connection.name() + "' takes no webhooks: it sets no " + variable
                            + ", which its connector's webhooks.verify signs with");
                }
            }
        }
    }
}
