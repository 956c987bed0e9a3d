package dev.junction.spec;

import java.util.List;
import java.util.Map;

/**
 * Where alerts are sent: a Slack incoming webhook, a generic webhook signed per Standard Webhooks,
 * PagerDuty Events API v2, or email over SMTP. Settings are in {@code config} (literals or
 * references), secrets (the Slack URL, the signing secret, the routing key, the SMTP password) in
 * {@code secrets}, references only ({@code ${env:}}, {@code ${file:}}, or {@code ${stored:FIELD}} for a
 * value set through the API or {@code junction alerts set-secret}, kept encrypted like connection credentials), resolved when a message is sent and never logged. See
 * docs/operations.md ("Alert channels").
 */
public record AlertChannelSpec(String name, String description, String type, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
        SourceLocation location) implements Spec {

    public static final String KIND = "AlertChannel";
    public static final List<String> TYPES = List.of("slack", "webhook", "pagerduty", "email");
    /**
     * The store keeps a channel's {@code ${stored:FIELD}} secrets under the default tenant, as the values of
     * the pseudo-connection {@code alert-channel:NAME} (no connection name holds a colon, so none collides).
     */
    public static final String STORED_PREFIX = "alert-channel:";
    /** PagerDuty's Events API v2 endpoint, the default {@code config.url} of a pagerduty channel. */
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    @Override
    public String kind() {
        return KIND;
    }

    /** Where the store keeps this channel's {@code ${stored:FIELD}} values: the default tenant, {@code alert-channel:NAME}. */
    public static ValueRef.Stored stored(String channel, String field) {
        return new ValueRef.Stored(ConnectionSpec.DEFAULT_TENANT, STORED_PREFIX + channel, field);
    }

    /** The channel name a stored value belongs to, or null when {@code owner} is a connection's. */
    public static String channelOfStored(String owner) {
        return owner != null && owner.startsWith(STORED_PREFIX) ? owner.substring(STORED_PREFIX.length()) : null;
    }

    /** The fields of this channel's secrets kept in the store ({@code ${stored:FIELD}}), in declaration order. */
    public List<String> storedFields() {
        return secrets.values().stream().filter(ValueRef.Stored.class::isInstance).map(ref -> ((ValueRef.Stored) ref).field()).distinct().toList();
    }

    /** The keys of {@code config} and {@code secrets} a type allows; the first {@code required} of each are required. */
    public record Keys(List<String> config, int requiredConfig, List<String> secrets, int requiredSecrets) {}

    public static Keys keys(String type) {
        return switch (type) {
            case "slack" -> new Keys(List.of(), 0, List.of("url"), 1);
            case "webhook" -> new Keys(List.of("url"), 1, List.of("secret"), 1);
            case "pagerduty" -> new Keys(List.of("url", "source"), 0, List.of("routingKey"), 1);
            case "email" -> new Keys(List.of("host", "from", "to", "port", "startTls", "username"), 3, List.of("password"), 0);
            default -> throw new IllegalArgumentException("no alert channel type '" + type + "'; the types are " + TYPES);
        };
    }
}
