package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectorException;
import dev.junction.spec.ConnectionSpec;

/**
 * The values a connector's {@code webhooks.verify} takes from the webhook's registration
 * ({@code {{ registration.signature_key }}}): the fields of what its {@code register} action answered,
 * kept encrypted with the connection (Square's subscription signature key, a Stripe endpoint's
 * {@code secret}), and the secret the provider sent in the handshake while it was being created
 * ({@code {{ handshake.secret }}}, Asana's {@code X-Hook-Secret}). Read once per verifier.
 */
public final class RegistrationValues {
    /** The variables of the register action's answer start with this. */
    public static final String PREFIX = "registration.";
    /** The variable of the secret the provider sent in the handshake while the webhook was being created. */
    public static final String HANDSHAKE_SECRET = "handshake.secret";

    private final ConnectionFacts facts;
    private final ConnectionSpec connection;
    private JsonNode registration;

    public RegistrationValues(ConnectionFacts facts, ConnectionSpec connection) {
        this.facts = facts;
        this.connection = connection;
    }

    /** Whether {@link #value} answers {@code variable}. */
    public boolean answers(String variable) {
        return variable.startsWith(PREFIX) || variable.equals(HANDSHAKE_SECRET);
    }

    /**
     * The text at {@code variable} ({@code registration.FIELD[.FIELD...]}) of the stored registration, or
     * the secret sent in the handshake ({@code handshake.secret}).
     *
     * @throws ConnectorException naming the connection and the field (never a value) when there is no
     *     registration, or it has no such text
     */
    public String value(String variable) {
        if (variable.equals(HANDSHAKE_SECRET)) {
            String tenant = connection.owningTenant();
            String secret = facts.handshakeSecret(tenant, connection.name());
            if (secret == null) {
                throw new ConnectorException("connection '" + connection.name() + "' has no secret from a webhook handshake, which its"
                        + " connector's webhooks.verify takes {{ handshake.secret }} from: the provider sends it while Junction creates the"
                        + " webhook (junction connections register-webhook " + connection.name() + ")");
            }
            return secret;
        }
        if (registration == null) {
            String tenant = connection.owningTenant();
            registration = facts.registration(tenant, connection.name());
            if (registration == null) {
                throw new ConnectorException("connection '" + connection.name() + "' has no webhook registration, which its connector's"
                        + " webhooks.verify takes {{ " + variable + " }} from: the register action runs when a connection is made through"
                        + " the API or the connect page, and answered nothing kept (or failed) for this one; make the connection again, or"
                        + " give the secret as a connection secret");
            }
        }
        JsonNode node = registration;
        for (String field : variable.substring(PREFIX.length()).split("\\.")) {
            node = node.path(field);
        }
        if (!node.isValueNode() || node.isNull() || node.asText().isEmpty()) {
            throw new ConnectorException("connection '" + connection.name() + "': the webhook registration has no text at "
                    + variable.substring(PREFIX.length()) + " for {{ " + variable + " }} of webhooks.verify");
        }
        return node.asText();
    }
}
