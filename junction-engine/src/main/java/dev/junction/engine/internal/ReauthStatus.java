package dev.junction.engine.internal;

import dev.junction.engine.EventType;
import dev.junction.engine.Events;
import dev.junction.http.ApiError;
import dev.junction.http.CallContext;
import dev.junction.http.CredentialsRefused;
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
 * event. For OAuth tokens the token state calls it once per transition across processes (the process
 * that recorded the mark), so the event is emitted once. For static credentials (an API key, a bearer
 * token, a user and password, AWS keys, OAuth 1.0a secrets) refused — a 401, or what
 * {@link CredentialsRefused} says for AWS and OAuth 1.0a — in a check, or in any call of a run, a flow or an
 * action, reported by the pipeline — there is no mark but the status: the store lets one of the
 * callers change it ({@link #refused(String, String, String, Instant)}), and that one emits the event.
 * A failure to store either is logged, never thrown into the call that found the refusal.
 */
public final class ReauthStatus implements OAuthTokens.Listener, CredentialsRefused {
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

    /** A call of the connection (of a run, a flow, an action, a sample; a check reports its own) was refused for its static credentials. */
    @Override
    public void refused(CallContext context, ApiError error) {
        if (context.connection() != null) {
            refused(context.tenant(), context.connection(), refusedReason(error.message()), clock.instant());
        }
    }

    /**
     * The API refused the connection's own static credentials: marks it {@code needs_reauth} with the
     * reason unless it is so already, and emits {@code connection.needs_reauth} when this call made the
     * change — once however many calls of however many processes find the refusal at once, and again
     * only after its status was something else (a check passed, it was applied changed or reset).
     *
     * @return whether this call marked it (false: marked already, no record of it, or the store failed)
     */
    public boolean refused(String tenant, String connection, String reason, Instant at) {
        try {
            if (!connections.changeStatus(connection, NEEDS_REAUTH, reason, at)) {
                return false;
            }
            events.get().emit(EventType.CONNECTION_NEEDS_REAUTH, eventTenant(tenant), data(tenant, connection, reason, at));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("The API refused the credentials of connection '{}', but that could not be recorded: {}", connection, e.getMessage());
            return false;
        }
    }

    /** Why a connection whose static credentials were refused needs new ones: {@code error} is the redacted failure, which names the connection. */
    public static String refusedReason(String error) {
        return error + " (the API refused the connection's own credentials: give it new ones in its secrets, then check it again)";
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
