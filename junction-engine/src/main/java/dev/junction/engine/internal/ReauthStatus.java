package dev.junction.engine.internal;

import dev.junction.engine.EventType;
import dev.junction.engine.Events;
import dev.junction.http.OAuthTokens;
import dev.junction.spec.ConnectionSpec;
import dev.junction.store.ConnectionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does when a connection's credentials are refused for good or usable again: its
 * status in the store ({@code needs_reauth} with the reason; {@code unknown} when usable again, until
 * a check says more), and on the transition to {@code needs_reauth} one {@code connection.needs_reauth}
 * event. The token state calls it once per transition across processes (the process that recorded
 * the mark), so the event is emitted once. A failure to store either is logged, never thrown into
 * the call that found the refusal.
 */
public final class ReauthStatus implements OAuthTokens.Listener {
    public static final String NEEDS_REAUTH = "needs_reauth";
    public static final String UNKNOWN = "unknown";
    private static final Logger LOG = LoggerFactory.getLogger(ReauthStatus.class);

    private final ConnectionRepository connections;
    private final Supplier<Events> events;
    private final Clock clock;

    public ReauthStatus(ConnectionRepository connections, Supplier<Events> events, Clock clock) {
        this.connections = connections;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void needsReauth(String tenant, String connection, String reason, Instant at) {
        try {
            connections.updateStatus(connection, NEEDS_REAUTH, reason, at);
            events.get().emit(EventType.CONNECTION_NEEDS_REAUTH, eventTenant(tenant), data(tenant, connection, reason, at));
        } catch (RuntimeException e) {
            LOG.warn("Connection '{}' needs to be authorized again, but that could not be recorded: {}", connection, e.getMessage());
        }
    }

    @Override
    public void stillNeedsReauth(String tenant, String connection, String reason, Instant since) {
        try {
            connections.find(connection).filter(r -> !NEEDS_REAUTH.equals(r.status()))
                    .ifPresent(r -> connections.updateStatus(connection, NEEDS_REAUTH, reason, since));
        } catch (RuntimeException e) {
            LOG.warn("Connection '{}' still needs to be authorized again, but its status could not be updated: {}", connection, e.getMessage());
        }
    }

    @Override
    public void reauthorized(String tenant, String connection) {
        try {
            connections.find(connection).filter(r -> NEEDS_REAUTH.equals(r.status()))
                    .ifPresent(r -> connections.updateStatus(connection, UNKNOWN, null, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Connection '{}' has usable credentials again, but its status could not be updated: {}", connection, e.getMessage());
        }
    }

    /** The event's {@code data}; documented in docs/triggers.md ("Outbound events"). */
    static Map<String, Object> data(String tenant, String connection, String reason, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connection", connection);
        data.put("tenant", eventTenant(tenant));
        data.put("status", NEEDS_REAUTH);
        data.put("reason", reason);
        data.put("since", at.toString());
        // connect sessions will add a reconnect URL here (reconnectUrl), issued for this tenant and connection
        return data;
    }

    /** The operator's connections (credential tenant {@code default}) are of no tenant. */
    private static String eventTenant(String tenant) {
        return tenant == null || ConnectionSpec.DEFAULT_TENANT.equals(tenant) ? null : tenant;
    }
}
