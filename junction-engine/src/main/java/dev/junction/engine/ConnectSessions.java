package dev.junction.engine;

import dev.junction.engine.internal.ConnectDrafts;
import dev.junction.engine.internal.ConnectCalls;
import dev.junction.engine.internal.ConnectPlan;
import dev.junction.engine.internal.ConnectionFacts;
import dev.junction.engine.internal.DefinitionTrusts;
import dev.junction.engine.internal.OAuthCalls;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.DefinitionTrust;
import dev.junction.spec.FieldSpec;
import dev.junction.store.ConnectSession;
import dev.junction.store.ConnectSession.Status;
import dev.junction.store.ConnectSessionRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connect flow: a product asks for a session (tenant, connector, connection name, return URL,
 * scopes) and sends its user to the session's connect page. The page collects the connector's config
 * fields and either takes the secrets in a form (API key, basic, client credentials) or sends the user
 * to the provider: OAuth 2.0 authorization code with PKCE (S256), {@code state} bound to the session
 * and to the browser that opened the page. The one callback exchanges the code, stores the tokens
 * encrypted as the connection's stored values, makes or updates the tenant's connection
 * ({@link ManagedConnections}), emits {@code connection.created} or {@code connection.failed}, and sends
 * the user back to the return URL with the outcome.
 *
 * <p>A session's URL token, OAuth state and browser cookie are random 256-bit values; the store keeps
 * only their SHA-256 hashes. Each step (page submitted, callback) happens once: a replayed callback or
 * a second submission is refused. The PKCE verifier is never stored: it is an HMAC of the state under
 * the master key, made again at the callback.
 */
public final class ConnectSessions {
    /** How long a session lasts, from its creation. */
    public record Settings(Duration ttl) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(15));
    }

    /** A made session: {@code token} goes in its connect URL ({@code /connect/TOKEN}) and is not kept. */
    public record Created(String token, ConnectSession session) {}

    /** What the connect page shows: OAuth (a button to the provider) or a form, and the fields the user fills in. */
    public record Page(ConnectSession session, String connectorName, boolean oauth, List<FieldSpec> configFields, List<FieldSpec> secretFields,
            String csrf) {}

    /** Where the browser goes next: the provider's authorization page, or the return URL with the outcome. */
    public record Next(URI location, boolean connected) {}

    /** How a session's detail records the redirect URI its provider was given (a failure's reason replaces it). */
    private static final String REDIRECT = "redirect_uri ";

    private final Definitions definitions;
    private final Connections connections;
    private final ManagedConnections managed;
    private final Events events;
    private final ConnectSessionRepository sessions;
    private final Clock clock;
    private final Settings settings;
    private final ConnectDrafts secrets;

    ConnectSessions(Definitions definitions, Connections connections, ManagedConnections managed, Events events, ConnectSessionRepository sessions,
            Clock clock, Settings settings) {
        this.definitions = definitions;
        this.connections = connections;
        this.managed = managed;
        this.events = events;
        this.sessions = sessions;
        this.clock = clock;
        this.settings = settings;
        this.secrets = new ConnectDrafts(() -> connections.cipher().get().derivedKey("connect"));
    }

    /**
     * Makes a session for {@code tenant}'s user to connect {@code connection} (a new name, or a
     * connection of this tenant made through the API, which is reconnected keeping its state).
     *
     * @param returnUrl already checked against the server's allow-list
     * @throws EngineException.Invalid when the connector is not applied or the name is bad
     * @throws EngineException.Conflict when another tenant's (or a YAML) connection holds the name
     */
    public Created create(String tenant, String connector, String connection, URI returnUrl, List<String> scopes, String createdBy) {
        String owner = tenant == null ? ConnectionSpec.DEFAULT_TENANT : tenant;
        dev.junction.engine.internal.ConnectionDrafts.checkName(connection);
        dev.junction.engine.internal.ConnectionDrafts.checkTenant(owner);
        ConnectorSpec spec = definitions.applied().connectors().get(connector);
        if (spec == null) {
            throw new EngineException.Invalid("unknown connector '" + connector + "'; applied connectors: "
                    + String.join(", ", definitions.applied().connectors().keySet()));
        }
        ConnectionSpec existing = definitions.applied().connections().get(connection);
        if (existing != null && (!owner.equals(existing.tenant()) || !managed.isManaged(connection) || !connector.equals(existing.connector()))) {
            throw new EngineException.Conflict("a connection named '" + connection + "' exists already and cannot be reconnected by this session;"
                    + " connection names are shared by every tenant, so choose another (such as " + owner + "-" + connector + ")");
        }
        purge(); // one bounded delete, so old sessions do not pile up
        String token = ConnectDrafts.random();
        var now = clock.instant();
        ConnectSession session = new ConnectSession(ConnectDrafts.hash(token), owner, connector, connection, returnUrl.toString(),
                scopes == null ? List.of() : scopes, createdBy, Status.OPEN, null, null, null, null, now, now.plus(settings.ttl()), now);
        sessions.insert(session);
        return new Created(token, session);
    }

    /**
     * The session of a connect URL's token, if it can still be used: open or authorizing, not expired.
     *
     * @throws EngineException.NotFound otherwise, saying nothing more (an unknown and a used token look alike)
     */
    public ConnectSession open(String token) {
        return sessions.findById(ConnectDrafts.hash(token)).filter(s -> !s.expired(clock.instant()) && s.status() == Status.OPEN)
                .orElseThrow(() -> new EngineException.NotFound("this connect link is not valid: it expired, was used already, or never existed;"
                        + " ask for a new one"));
    }

    /** The session a callback's state belongs to, whatever its status (for where to send an error back to). */
    public java.util.Optional<ConnectSession> ofState(String state) {
        return state == null ? java.util.Optional.empty() : sessions.findByState(ConnectDrafts.hash(state));
    }

    /**
     * The page of an open session, binding it to {@code browser} (a random cookie value) the first time.
     *
     * @throws EngineException.Conflict when another browser opened it first
     */
    public Page page(ConnectSession session, String browser) {
        if (session.browserHash() == null) {
            if (!sessions.bindBrowser(session.idHash(), ConnectDrafts.hash(browser), clock.instant())) {
                throw new EngineException.Conflict("this connect link was opened in another browser; ask for a new one");
            }
        } else if (!session.browserHash().equals(ConnectDrafts.hash(browser))) {
            throw new EngineException.Conflict("this connect link was opened in another browser; ask for a new one");
        }
        ConnectPlan plan = plan(session.connector());
        return new Page(session, session.connector(), plan.oauth() != null, plan.configFields(), plan.secretFields(),
                secrets.csrf(session.idHash(), browser));
    }

    /**
     * The submitted page: a form connector's connection is made (or updated) now; an OAuth connector's
     * user is sent to the provider with the config values kept for the callback.
     *
     * @param form the page's fields by name: {@code config.NAME}, {@code secrets.NAME}, {@code csrf}
     * @param callback this server's one callback URL ({@code publicBaseUrl/connect/callback})
     */
    public Next submit(ConnectSession session, String browser, Map<String, String> form, URI callback) {
        if (session.browserHash() == null || !session.browserHash().equals(ConnectDrafts.hash(browser))
                || !secrets.csrf(session.idHash(), browser).equals(form.get("csrf"))) {
            throw new EngineException.Conflict("this form was not sent from the connect page this link opened; open the link again");
        }
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("config.") && v != null && !v.isEmpty()) {
                config.put(k.substring(7), v);
            } else if (k.startsWith("secrets.") && v != null && !v.isEmpty()) {
                given.put(k.substring(8), v);
            }
        });
        ConnectPlan plan = plan(session.connector());
        plan.checkUserValues(config, given);
        AuthSpec.OAuth2 o = plan.oauth();
        if (o == null) {
            if (!sessions.advance(session.idHash(), Status.OPEN, Status.AUTHORIZING, null, null, null, null, clock.instant())) {
                throw used();
            }
            return connect(session, plan.config(config), plan.secrets(given), hooks(callback));
        }
        String state = ConnectDrafts.random();
        Map<String, String> merged = plan.config(config);
        Map<String, String> app = plan.secrets(Map.of());
        String authorize;
        String clientId;
        try (ConnectCalls calls = calls(session, plan, merged, app, List.of())) {
            authorize = calls.authorizeUrl();
            clientId = calls.clientId();
        }
        // the redirect URI the provider is given, kept: the exchange must send the same, and the callback must come back to it
        if (!sessions.advance(session.idHash(), Status.OPEN, Status.AUTHORIZING, null, ConnectDrafts.hash(state), ConnectDrafts.configJson(config), REDIRECT + callback,
                clock.instant())) {
            throw used();
        }
        List<String> scopes = session.scopes().isEmpty() ? o.scopes() : session.scopes();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", callback.toString());
        if (!scopes.isEmpty()) {
            query.put("scope", String.join(" ", scopes));
        }
        query.put("state", state);
        query.put("code_challenge", OAuthCalls.challenge(secrets.verifier(state)));
        query.put("code_challenge_method", "S256");
        return new Next(URI.create(authorize + (authorize.contains("?") ? "&" : "?") + ConnectDrafts.query(query)), false);
    }

    /**
     * The provider sent the user back: exchanges the code (with the session's PKCE verifier) and makes or
     * updates the connection. A failure is reported to the return URL ({@code status=failed}) and as a
     * {@code connection.failed} event.
     *
     * @throws EngineException.NotFound when the state is no session's (tampered, replayed after use, or expired)
     * @throws EngineException.Conflict when the callback comes to another browser than the one that opened the page
     */
    public Next callback(String state, String code, String error, String browser, URI callback) {
        ConnectSession session = state == null ? null : sessions.findByState(ConnectDrafts.hash(state)).orElse(null);
        if (session == null || session.status() != Status.AUTHORIZING || session.expired(clock.instant())) {
            throw new EngineException.NotFound("this sign-in does not belong to a connect session that waits for it (it was used already, expired,"
                    + " or its state was changed); start again from the product");
        }
        String redirect = session.detail() != null && session.detail().startsWith(REDIRECT) ? session.detail().substring(REDIRECT.length()) : null;
        if (redirect != null && !redirect.equals(callback.toString())) {
            throw new EngineException.Conflict("this sign-in came back to " + callback + ", but the provider was asked to send it to " + redirect
                    + "; set publicBaseUrl to the one address browsers reach Junction at, and start again");
        }
        if (browser == null || !ConnectDrafts.hash(browser).equals(session.browserHash())) {
            throw new EngineException.Conflict("this sign-in came back to another browser than the one that opened the connect page; start again");
        }
        if (error != null || code == null) {
            return fail(session, "the provider answered " + (error == null ? "without a code" : "error " + error), "provider_error");
        }
        if (!sessions.advance(session.idHash(), Status.AUTHORIZING, Status.CONNECTED, null, null, null, null, clock.instant())) {
            throw new EngineException.NotFound("this sign-in was used already; start again from the product");
        }
        ConnectPlan plan = plan(session.connector());
        Map<String, String> config = plan.config(ConnectDrafts.configOf(session.config()));
        Map<String, String> app = plan.secrets(Map.of());
        OAuthCalls.Tokens tokens;
        ConnectionFacts.Account account;
        String verifier = secrets.verifier(state);
        try (ConnectCalls calls = calls(session, plan, config, app, List.of(code, verifier))) {
            try {
                tokens = calls.exchange(code, callback.toString(), verifier);
            } catch (EngineException e) {
                return failed(session, e.getMessage(), "token_exchange_failed");
            }
            account = calls.identity(tokens.accessToken(), why -> { });
        }
        ConnectPlan.TokenFields fields = plan.tokenFields();
        Map<String, String> obtained = new LinkedHashMap<>();
        obtained.put(fields.access(), tokens.accessToken());
        if (fields.refresh() != null && tokens.refreshToken() != null) {
            obtained.put(fields.refresh(), tokens.refreshToken());
        }
        return finish(session, config, plan.secrets(obtained), hooks(callback), account);
    }

    /** Where providers send webhooks, beside the callback: {@code publicBaseUrl/hooks}. */
    private static URI hooks(URI callback) {
        String text = callback.toString();
        return URI.create(text.substring(0, text.length() - "/connect/callback".length()) + "/hooks");
    }

    /** A form connector's connection, made now (the session moved to authorizing meanwhile, so it is made once). */
    private Next connect(ConnectSession session, Map<String, String> config, Map<String, String> secretValues, URI hooks) {
        if (!sessions.advance(session.idHash(), Status.AUTHORIZING, Status.CONNECTED, null, null, null, null, clock.instant())) {
            throw used();
        }
        return finish(session, config, secretValues, hooks, null);
    }

    /** Makes or updates the connection, keeps the connected account (when one was learned), and tells the product. */
    private Next finish(ConnectSession session, Map<String, String> config, Map<String, String> secretValues, URI hooks,
            ConnectionFacts.Account account) {
        try {
            ManagedConnections.Outcome outcome;
            if (definitions.applied().connections().containsKey(session.connection())) {
                outcome = managed.update(session.connection(), session.tenant(), new ManagedConnections.Change(config, secretValues, null, true),
                        session.createdBy());
            } else {
                outcome = managed.create(new ManagedConnections.NewConnection(session.connection(), session.connector(), session.tenant(), null, config,
                        secretValues), session.createdBy(), hooks);
            }
            managed.keepAccount(session.tenant(), session.connection(), account);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("connection", session.connection());
            data.put("connector", session.connector());
            data.put("tenant", session.tenant());
            data.put("version", outcome.version());
            data.put("reconnected", outcome.version() > 1);
            if (account != null) {
                Map<String, String> who = new LinkedHashMap<>();
                who.put("id", account.id());
                who.put("name", account.name());
                data.put("account", who);
            }
            if (outcome.webhook() != null) {
                data.put("webhook", outcome.webhook().ok() ? Map.of("registered", true)
                        : Map.of("registered", false, "error", String.valueOf(outcome.webhook().error())));
            }
            events.emit(EventType.CONNECTION_CREATED, session.tenant(), data);
            return new Next(ConnectDrafts.withParams(session.returnUrl(), Map.of("status", "connected", "connection", session.connection())), true);
        } catch (EngineException e) {
            return failed(session, e.getMessage(), "connection_refused");
        }
    }

    private Next fail(ConnectSession session, String why, String code) {
        sessions.advance(session.idHash(), session.status(), Status.FAILED, null, null, null, why, clock.instant());
        return failed(session, why, code);
    }

    private Next failed(ConnectSession session, String why, String code) {
        sessions.advance(session.idHash(), Status.CONNECTED, Status.FAILED, null, null, null, why, clock.instant());
        events.emit(EventType.CONNECTION_FAILED, session.tenant(), Map.of("connection", session.connection(), "connector", session.connector(),
                "tenant", session.tenant(), "error", code, "reason", why));
        return new Next(ConnectDrafts.withParams(session.returnUrl(), Map.of("status", "failed", "connection", session.connection(), "error", code)), false);
    }

    /**
     * Disconnects a connection made through the API or the connect page: revokes its tokens at the
     * provider when the connector names an RFC 7009 revocation endpoint (directly or by discovery), then
     * deletes the connection with its stored values and tokens.
     *
     * @return whether tokens were revoked at the provider
     * @throws EngineException.Conflict when the revocation failed (nothing was deleted), unless {@code force}
     */
    public boolean disconnect(String name, String tenant, boolean force, URI webhookBase) {
        ConnectionSpec connection = definitions.applied().connections().get(name);
        if (connection == null || (tenant != null && !tenant.equals(connection.tenant())) || !managed.isManaged(name)) {
            throw new EngineException.NotFound("no connection named '" + name + "' was made through the connect page or the API");
        }
        ConnectPlan plan = plan(connection.connector());
        boolean revoked = false;
        if (plan.oauth() != null) {
            Map<String, String> values = new LinkedHashMap<>(connections.storedValues().find(connection.tenant(), name));
            Map<String, String> config = new LinkedHashMap<>();
            connection.config().forEach((k, v) -> config.put(k, connections.secrets().resolve(v)));
            ConnectPlan.TokenFields fields = plan.tokenFields();
            var obtained = connections.credentials().find(connection.tenant(), name);
            String refresh = obtained.map(c -> c.value("refresh_token")).orElse(fields.refresh() == null ? null : values.get(fields.refresh()));
            String access = obtained.map(c -> c.value("access_token")).orElse(values.get(fields.access()));
            List<String> tokens = new java.util.ArrayList<>();
            java.util.stream.Stream.of(refresh, access).filter(java.util.Objects::nonNull).forEach(tokens::add);
            try (ConnectCalls calls = new ConnectCalls(connections, plan, config, values, connection.tenant(), name, connection.trust(), tokens)) {
                revoked = calls.revoke(refresh, access);
            } catch (EngineException e) {
                if (!force) {
                    throw new EngineException.Conflict("the tokens of connection '" + name + "' could not be revoked at the provider: "
                            + e.getMessage() + "; nothing was deleted. Try again, or disconnect with force");
                }
            }
        }
        managed.delete(name, tenant, force, webhookBase);
        return revoked;
    }

    /** The provider calls of a session's connection, with the trust that connection has or will have. */
    private ConnectCalls calls(ConnectSession session, ConnectPlan plan, Map<String, String> config, Map<String, String> secretValues,
            List<String> hidden) {
        return new ConnectCalls(connections, plan, config, secretValues, session.tenant(), session.connection(), trust(session), hidden);
    }

    /**
     * The trust of the connection a session makes: the existing connection's when it reconnects one;
     * else a tenant's for a customer's connection (as {@link ManagedConnections} records it), or who
     * asked for the session for the operator's own ({@code default}) — and a tenant's whenever a tenant
     * applied the connector.
     */
    private DefinitionTrust trust(ConnectSession session) {
        ConnectionSpec existing = definitions.applied().connections().get(session.connection());
        if (existing != null) {
            return existing.trust();
        }
        DefinitionTrust asked = ConnectionSpec.DEFAULT_TENANT.equals(session.tenant()) ? DefinitionTrusts.trustOf(session.createdBy())
                : DefinitionTrust.TENANT;
        String connectorBy;
        try {
            connectorBy = definitions.get("Connector", session.connector()).appliedBy();
        } catch (EngineException.NotFound e) {
            connectorBy = null;
        }
        return asked.and(DefinitionTrusts.trustOf(connectorBy));
    }

    private ConnectPlan plan(String connector) {
        var applied = definitions.applied();
        ConnectorSpec spec = applied.connectors().get(connector);
        if (spec == null) {
            throw new EngineException.NotFound("connector '" + connector + "' is no longer applied");
        }
        return ConnectPlan.of(applied, spec, connections.secrets());
    }

    private static EngineException used() {
        return new EngineException.NotFound("this connect link was used already; ask for a new one");
    }

    /** Purges sessions that expired a day ago or more. */
    public int purge() {
        return sessions.purgeExpired(clock.instant().minus(Duration.ofDays(1)));
    }
}
