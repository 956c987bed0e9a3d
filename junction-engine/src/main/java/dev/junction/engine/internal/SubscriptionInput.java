package dev.junction.engine.internal;

import dev.junction.engine.EngineException;
import dev.junction.engine.EventType;
import dev.junction.http.EgressPolicy;
import dev.junction.net.InetLiterals;
import dev.junction.store.EventSubscription;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The checks of what an event subscription is given through the API, each answering with the value
 * to store or an {@link EngineException.Invalid} that names the field, what was found and what is
 * expected: its URL (held to the egress policy as a tenant's connection is; a callback URL of a flow
 * is checked the same way), its event types or patterns, its description.
 */
public final class SubscriptionInput {
    private static final int MAX_URL = 2000;
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_TYPES = 50;

    private final EgressPolicy egress;

    public SubscriptionInput(EgressPolicy egress) {
        this.egress = egress;
    }

    /**
     * An http(s) URL with a host; a metadata name, or an address literal the egress policy refuses for
     * the subscription's tenant, is refused now (a name is checked on its addresses at each delivery).
     */
    public String url(String url, String tenant) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw new EngineException.Invalid("url: expected an http or https URL of at most " + MAX_URL + " characters, such as https://example.com/hooks");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new EngineException.Invalid("url: '" + url + "' is not a URL (" + e.getReason() + "); expected one such as https://example.com/hooks");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new EngineException.Invalid("url: '" + url + "' must be an http or https URL with a host and no user info or fragment,"
                    + " such as https://example.com/hooks");
        }
        String host = uri.getHost();
        String refused = egress.refusalOfName(host);
        if (refused == null) {
            var literal = InetLiterals.parse(host);
            refused = literal.isEmpty() ? null : EventDeliverer.refusal(egress, host, literal.get(), tenant);
        }
        if (refused != null) {
            throw new EngineException.Invalid("url: '" + url + "' is refused: " + refused);
        }
        return url;
    }

    /** 1 to 50 event types or patterns ({@code run.*}, {@code *}), each matching a type of {@link EventType}; without repeats, in order. */
    public static List<String> eventTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty() || eventTypes.size() > MAX_TYPES) {
            throw new EngineException.Invalid("eventTypes: expected 1 to " + MAX_TYPES + " event types or patterns, such as [\"run.*\"]; the types are "
                    + String.join(", ", EventType.wireNames()));
        }
        for (String pattern : eventTypes) {
            if (pattern == null || !pattern.matches("\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?")
                    || EventType.wireNames().stream().noneMatch(type -> EventSubscription.matches(pattern, type))) {
                throw new EngineException.Invalid("eventTypes: '" + pattern + "' matches no event type; expected a type, a prefix such as run.* or *;"
                        + " the types are " + String.join(", ", EventType.wireNames()));
            }
        }
        return List.copyOf(new LinkedHashSet<>(eventTypes));
    }

    /** At most 500 characters without control characters; null stays null. */
    public static String description(String description) {
        if (description != null && (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(c -> Character.isISOControl(c)))) {
            throw new EngineException.Invalid("description: expected at most " + MAX_DESCRIPTION + " characters without control characters");
        }
        return description;
    }
}
