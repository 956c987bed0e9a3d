package dev.junction.engine.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The handshake in which a provider sends a webhook's signing secret while the webhook is being
 * created (Asana: a POST with {@code X-Hook-Secret} before its {@code POST /webhooks} answers): the
 * connector names the header ({@code handshake: { secretHeader: X-Hook-Secret }}), the answer echoes
 * it, and the secret is kept with the connection (encrypted, {@link ConnectionFacts}) for
 * {@code webhooks.verify} to read as {@code {{ handshake.secret }}}.
 *
 * <p>It is taken only while Junction's register call for that connection is going on
 * ({@link ConnectionFacts#markRegistering}), and only the first one then: at any other time anyone who
 * knows the endpoint could otherwise replace the secret and then sign deliveries of their own. A
 * secret taken during a register call that fails is dropped; one sent by someone else first makes the
 * provider's own handshake fail, and with it the registration, which says so.
 */
public final class SecretHandshakes {
    /** The longest secret taken. */
    static final int MAX_SECRET_LENGTH = 1024;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    private final ConnectionFacts facts;

    public SecretHandshakes(ConnectionFacts facts) {
        this.facts = facts;
    }

    /**
     * The answer to {@code delivery} when it is such a handshake for {@code connection}: the header echoed
     * (the secret kept), or a refusal; null when it is none (its connector names no secret header, or the
     * delivery does not carry it), so it is verified as any delivery.
     */
    public WebhookResult offer(LoadResult applied, String connection, WebhookDelivery delivery) {
        ConnectionSpec spec = applied.connections().get(connection);
        ConnectorSpec connector = spec == null || spec.connector() == null ? null : applied.connectors().get(spec.connector());
        String header = connector == null || connector.webhooks() == null ? null : connector.webhooks().secretHeader();
        String secret = header == null ? null : delivery.header(header);
        if (secret == null) {
            return null;
        }
        if (!"POST".equals(delivery.method())) {
            return new WebhookResult.Rejected(400, "a " + header + " handshake is a POST");
        }
        if (secret.length() > MAX_SECRET_LENGTH || !VISIBLE_ASCII.matcher(secret).matches()) {
            return new WebhookResult.Rejected(400, "the " + header + " header is not a secret of 1 to " + MAX_SECRET_LENGTH + " visible characters");
        }
        String owner = spec.owningTenant();
        if (!facts.registering(owner, connection)) {
            return new WebhookResult.Rejected(401, "a " + header + " handshake is taken only while Junction creates the webhook (its register"
                    + " action), and none is being created now");
        }
        if (facts.handshakeTaken(owner, connection)) {
            return new WebhookResult.Rejected(401, "a " + header + " handshake was taken already while this webhook is being created; only the"
                    + " first one is");
        }
        facts.saveHandshakeSecret(owner, connection, secret);
        return new WebhookResult.Handshake(200, "text/plain", "", "kept the webhook's signing secret sent in " + header, Map.of(header, secret));
    }
}
