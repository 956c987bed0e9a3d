package dev.junction.engine;

import dev.junction.connector.CheckResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.ConnectorException;
import dev.junction.engine.internal.ReauthStatus;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.CredentialsRefused;
import dev.junction.http.PipelineListener;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.store.ConnectionCheck;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection health: runs a connection's check, keeps its status and a bounded history of checks,
 * and clears a {@code needs_reauth} mark on request.
 *
 * <p>The check: the connector's {@code check:} request when it declares one; otherwise, for OAuth 2.0
 * and session auth, obtaining the connection's token (the cached one, or one from the token or
 * login endpoint: nothing is sent to the API); otherwise nothing can be checked and the status is
 * {@code unknown}. The status: {@code ok}, {@code failing} (with the last error), {@code needs_reauth}
 * (the credentials were refused for good: an OAuth refresh refused, see {@link dev.junction.http.OAuthTokens};
 * or the connection's own static credentials refused — a 401 to its API key, bearer token or user and
 * password, AWS's codes for refused keys in a 403, a 401 to OAuth 1.0a that is not a refused timestamp or
 * nonce — in a check or in any call of a run, a flow or an action, see {@link dev.junction.http.CredentialsRefused}) or {@code unknown}
 * (not checked since it was applied or reset). Only a check sets {@code ok}: a run's successful calls
 * leave the status as it is. The server checks every connection
 * whose connector declares {@code check:} on a schedule ({@link #checkScheduled}); anyone may check
 * one now ({@link #check}). A healthy check whose connector declares {@code check.account} also keeps
 * who the connected account is (as the connect flow does for OAuth).
 */
public final class ConnectionHealth {
    public static final String OK = "ok";
    public static final String FAILING = "failing";
    public static final String NEEDS_REAUTH = ReauthStatus.NEEDS_REAUTH;
    public static final String UNKNOWN = ReauthStatus.UNKNOWN;
    /** How many checks each connection keeps; older ones are purged as new ones come. */
    public static final int HISTORY = 50;
    /** How often the server checks connections whose connector declares {@code check:}, unless set otherwise. */
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHealth.class);

    /** How a connection is checked: {@code check} (the connector's check:), {@code token} (its token call) or {@code none}. */
    public enum Method {
        CHECK, TOKEN, NONE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A connection's health now.
     *
     * @param status {@code ok}, {@code failing}, {@code needs_reauth} or {@code unknown}
     * @param detail the last error (failing), the reason (needs_reauth); null otherwise
     * @param since when the status was last set
     * @param method how it is checked
     * @param lastCheck the newest check, if any
     */
    public record Status(String connection, String connector, String tenant, String status, String detail, Instant since, Method method,
            ConnectionCheck lastCheck) {}

    private final Store store;
    private final Supplier<LoadResult> definitions;
    private final Connections connections;
    private final Clock clock;

    private final dev.junction.engine.internal.ConnectionFacts facts;
    private final ReauthStatus reauth;

    ConnectionHealth(Store store, Supplier<LoadResult> definitions, Connections connections, Clock clock, ReauthStatus reauth) {
        this.store = store;
        this.definitions = definitions;
        this.connections = connections;
        this.clock = clock;
        this.facts = new dev.junction.engine.internal.ConnectionFacts(connections::storedValues, clock);
        this.reauth = reauth;
    }

    /**
     * Checks the connection now and records the outcome (its status and one entry of its history).
     *
     * @param tenant the tenant the caller is confined to (null: any); another tenant's connection is NotFound
     * @param trigger who asks: {@code api}, {@code cli} or {@code schedule}
     * @throws EngineException.NotFound when no such connection is applied (for that tenant)
     * @throws EngineException.Invalid for a database connection, which has no API to check
     */
    public ConnectionCheck check(String name, String tenant, String trigger) {
        LoadResult applied = definitions.get();
        ConnectionSpec connection = connection(applied, name, tenant);
        ConnectorSpec connector = connector(applied, connection);
        Method method = method(connector);
        Instant started = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the store keeps it
        AtomicBoolean credentialsRefused = new AtomicBoolean();
        CheckResult result = run(connector, connection, method, (context, error) -> credentialsRefused.set(true));
        long took = Math.max(0, Duration.between(started, clock.instant()).toMillis());
        // the API refused the connection's own static credentials (the pipeline's rules: a 401, AWS's codes in a 403, ...)
        boolean refused = result != null && !result.healthy() && credentialsRefused.get();
        String status = result == null ? UNKNOWN : result.healthy() ? OK : reauth(result) || refused ? NEEDS_REAUTH : FAILING;
        String error = result == null ? "connector '" + connector.name() + "' declares no check: and its auth has no token call to try; add a cheap"
                + " request, such as check: { request: { path: /v1/me } }" : refused ? ReauthStatus.refusedReason(result.error()) : result.error();
        ConnectionCheck check = store.connectionChecks().record(new ConnectionCheck(0, name, credentialTenant(connection), started, status,
                result == null ? null : result.httpStatus(), took, status.equals(OK) ? null : error, trigger), HISTORY);
        // the customer has to enter new credentials: the status and the event an OAuth connection's refused refresh gets, once
        // (marked already by a run's refused call, or an earlier check: only the status's detail and time are updated)
        if (!(refused && reauth.refused(credentialTenant(connection), name, error, started))) {
            store.connections().updateStatus(name, status, status.equals(OK) ? null : error, clock.instant());
        }
        if (result != null && result.accountId() != null) { // the connector's check.account: whose this connection is
            facts.saveAccount(credentialTenant(connection), name, new dev.junction.engine.internal.ConnectionFacts.Account(result.accountId(),
                    result.accountName()));
        }
        return check;
    }

    /**
     * Checks every applied connection whose connector declares {@code check:}, one after another (the
     * server's schedule); a check that cannot run is logged and the others go on.
     *
     * @return how many were checked
     */
    public int checkScheduled() {
        LoadResult applied = definitions.get();
        int checked = 0;
        for (ConnectionSpec connection : applied.connections().values()) {
            ConnectorSpec connector = connection.isDatabase() ? null : applied.connectors().get(connection.connector());
            if (connector == null || connector.check() == null) {
                continue;
            }
            try {
                check(connection.name(), null, "schedule");
                checked++;
            } catch (RuntimeException e) {
                LOG.warn("The scheduled check of connection '{}' could not run: {}", connection.name(), e.getMessage());
            }
        }
        return checked;
    }

    /** The connection's health now. */
    public Status status(String name, String tenant) {
        LoadResult applied = definitions.get();
        ConnectionSpec connection = connection(applied, name, tenant);
        return status(applied, connection, store.connections().find(name).orElse(null));
    }

    /** Every applied connection's health (of {@code tenant}; null: all), by name. */
    public List<Status> statuses(String tenant) {
        LoadResult applied = definitions.get();
        java.util.Map<String, ConnectionRecord> records = new java.util.HashMap<>();
        store.connections().list().forEach(r -> records.put(r.name(), r));
        List<Status> out = new ArrayList<>();
        for (ConnectionSpec connection : applied.connections().values()) {
            if (tenant == null || tenant.equals(connection.tenant())) {
                out.add(status(applied, connection, records.get(connection.name())));
            }
        }
        out.sort(java.util.Comparator.comparing(Status::connection));
        return out;
    }

    /** The connection's newest checks, newest first, at most {@code limit}. */
    public List<ConnectionCheck> history(String name, String tenant, int limit) {
        connection(definitions.get(), name, tenant);
        return store.connectionChecks().list(name, limit);
    }

    /**
     * Clears what Junction obtained for the connection (its OAuth tokens, or its {@code needs_reauth}
     * mark): its next call uses the configured credentials again, and its status is {@code unknown}
     * until it is checked. For a connection whose provider-side problem was fixed without new
     * credentials (an app re-enabled, a consent granted again).
     */
    public Status reset(String name, String tenant) {
        LoadResult applied = definitions.get();
        ConnectionSpec connection = connection(applied, name, tenant);
        if (!connection.isDatabase()) {
            connections.forgetCredentials(credentialTenant(connection), name);
        }
        store.connections().updateStatus(name, UNKNOWN, null, clock.instant());
        return status(applied, connection, store.connections().find(name).orElse(null));
    }

    private Status status(LoadResult applied, ConnectionSpec connection, ConnectionRecord record) {
        ConnectorSpec connector = connection.isDatabase() ? null : applied.connectors().get(connection.connector());
        List<ConnectionCheck> last = store.connectionChecks().list(connection.name(), 1);
        String status = record == null || record.status() == null || "configured".equals(record.status()) ? UNKNOWN : record.status();
        return new Status(connection.name(), connection.connector(), connection.tenant(), status, record == null ? null : record.statusDetail(),
                record == null ? null : record.updatedAt(), connector == null ? Method.NONE : method(connector), last.isEmpty() ? null : last.get(0));
    }

    /**
     * Null when there is nothing to check (no check:, no token call).
     *
     * @param refused told instead of the engine when the API refused the connection's static credentials: the
     *     check judges its answer itself (a 401 may be a status it declares healthy) and marks the connection itself
     */
    private CheckResult run(ConnectorSpec connector, ConnectionSpec connection, Method method, CredentialsRefused refused) {
        if (method == Method.NONE) {
            return null;
        }
        CallContext context = new CallContext(null, credentialTenant(connection), connection.name(), List.of(), true);
        var options = connections.pipeline(PipelineListener.NONE, true).toBuilder().credentialsRefused(refused).build();
        try (ConnectionClient client = ConnectionClient.create(connector, connection, connections.secrets(), options)) {
            if (method == Method.CHECK) {
                return client.check(context);
            }
            try {
                client.pipeline().authenticate(context);
                return new CheckResult(true, null, null, null);
            } catch (ApiException e) {
                return CheckResult.failed(e.status() > 0 ? e.status() : null, e.error().code(), e.getMessage());
            }
        } catch (ConnectorException e) {
            return CheckResult.failed(null, "invalid_connection", e.getMessage());
        }
    }

    /** Whether the failure means new credentials are needed: marked by the token state during (or before) this check. */
    private boolean reauth(CheckResult result) {
        return NEEDS_REAUTH.equals(result.errorCode()) || "oauth_invalid_grant".equals(result.errorCode())
                || "no_refresh_token".equals(result.errorCode());
    }

    private static Method method(ConnectorSpec connector) {
        if (connector.check() != null) {
            return Method.CHECK;
        }
        return connector.auth() instanceof AuthSpec.OAuth2 || connector.auth() instanceof AuthSpec.Session ? Method.TOKEN : Method.NONE;
    }

    private static ConnectionSpec connection(LoadResult applied, String name, String tenant) {
        ConnectionSpec connection = applied.connections().get(name);
        if (connection == null || tenant != null && !tenant.equals(connection.tenant())) {
            throw new EngineException.NotFound("no connection named '" + name + "' is applied");
        }
        return connection;
    }

    private static ConnectorSpec connector(LoadResult applied, ConnectionSpec connection) {
        if (connection.isDatabase()) {
            throw new EngineException.Invalid("connection '" + connection.name() + "' is a database connection: it has no API to check");
        }
        ConnectorSpec connector = applied.connectors().get(connection.connector());
        if (connector == null) {
            throw new EngineException.NotFound("connection '" + connection.name() + "' uses connector '" + connection.connector() + "', which is not applied");
        }
        return connector;
    }

    private static String credentialTenant(ConnectionSpec connection) {
        return connection.owningTenant();
    }
}
