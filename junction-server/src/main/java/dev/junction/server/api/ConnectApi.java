package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junction.engine.ConnectSessions;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.ConnectSessionVerifier;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.internal.ConnectPage;
import dev.junction.server.internal.BrowserProblems;
import dev.junction.store.ConnectSession;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connect flow over HTTP: {@code POST /api/v1/connect/sessions} (a product asks for a connect URL
 * for its tenant's user), the connect page {@code /connect/{session}} (shown, then submitted), the one
 * OAuth callback {@code /connect/callback}, and {@code DELETE /api/v1/connect/connections/{connection}}
 * (disconnect: revoke at the provider, then delete). The page and the callback are guarded by the
 * session itself ({@link #verifier()}): a token in the URL that names an open, unexpired session, and
 * a browser cookie set when the page is first shown, which the form and the callback must carry. A
 * browser's errors here are an HTML page, or a redirect to the product once the session is known
 * ({@link BrowserProblems}).
 */
public final class ConnectApi implements ApiModule {
    /** A session to make: the tenant's user connects {@code connector} as {@code connection}, then goes back to {@code returnUrl}. */
    public record NewSession(@JsonProperty(required = true) String connector, @JsonProperty(required = true) String connection, String tenant,
            @JsonProperty(required = true) String returnUrl, List<String> scopes) {}

    /** A made session: open {@code url} in the user's browser before {@code expiresAt}; it works once. */
    public record SessionView(String url, String connector, String connection, String tenant, Instant expiresAt) {}

    /** A disconnect: whether the tokens were revoked at the provider. */
    public record DisconnectedView(String connection, boolean revoked) {}

    static final String COOKIE = "junction_connect";
    private static final String SESSION = "dev.junction.server.api.ConnectSession";

    private final ConnectSessions sessions;
    private final ServerConfig config;
    private final java.util.function.Function<String, Optional<String>> ownerOfConnection;

    public ConnectApi(ConnectSessions sessions, ServerConfig config, java.util.function.Function<String, Optional<String>> ownerOfConnection) {
        this.sessions = sessions;
        this.config = config;
        this.ownerOfConnection = ownerOfConnection;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/api/v1/connect/sessions", Guard.token(Role.EDITOR, Scope.tenantFromBody(NewSession.class, NewSession::tenant)))
                .operation("connect.createSession", "connect", "Makes a short-lived, single-use connect URL for a tenant's user")
                .description("The user opens 'url' in a browser, fills in the connector's config fields and either its secrets (API key, basic,"
                        + " client credentials) or signs in at the provider (OAuth 2.0 authorization code with PKCE). The connection is made (or, for a"
                        + " connection of this tenant made the same way, connected again keeping its state, whatever its status: needs_reauth included) and"
                        + " the user is sent to returnUrl with"
                        + " status=connected|failed, connection and error. returnUrl must start with one of the server's connectReturnUrls.")
                .body(NewSession.class)
                .response(201, "The connect URL (Cache-Control: no-store)", SessionView.class)
                .response(400, "Unknown connector, a bad name, or a return URL that is not allowed")
                .response(409, "The connection name is another tenant's, or a connection applied from YAML")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    NewSession asked = request.body(NewSession.class);
                    URI returnUrl = returnUrl(asked.returnUrl());
                    request.auditObject("Connection", asked.connection());
                    ConnectSessions.Created created = sessions.create(request.tenant().orElse(null), asked.connector(), asked.connection(), returnUrl,
                            asked.scopes(), request.principal().map(Principal::id).orElse(null));
                    ctx.status(201).header("Cache-Control", "no-store").json(new SessionView(base(request) + "/connect/" + created.token(),
                            asked.connector(), asked.connection(), created.session().tenant(), created.session().expiresAt()));
                });
        routes.delete("/api/v1/connect/connections/{connection}", Guard.token(Role.EDITOR,
                        Scope.tenantOfObject(ctx -> ownerOfConnection.apply(ctx.pathParam("connection")))))
                .operation("connect.disconnect", "connect", "Disconnects: revokes the connection's tokens at the provider (RFC 7009), then deletes it")
                .description("Revokes the refresh and access tokens when the connector names a revocation endpoint (revokeUrl, or by discovery);"
                        + " if that fails nothing is deleted (409) unless ?force=true. Then deletes the connection with its stored secrets and tokens.")
                .param(Param.path("connection", "The connection's name"))
                .param(Param.query("force", "Delete even when the tokens cannot be revoked", Boolean.class))
                .response(200, "Disconnected", DisconnectedView.class)
                .response(404, "No connection made through the connect page or the API has that name")
                .response(409, "The tokens could not be revoked, or a sync uses the connection")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    String name = ctx.pathParam("connection");
                    request.auditObject("Connection", name);
                    boolean revoked = sessions.disconnect(name, request.tenant().orElse(null), "true".equals(ctx.queryParam("force")),
                            URI.create(base(request) + "/hooks"));
                    request.auditDetail("revoked", revoked);
                    ctx.json(new DisconnectedView(name, revoked));
                });
        // the callback first: its fixed path must not be read as a session token
        routes.get("/connect/callback", Guard.connectSession())
                .operation("connect.callback", "connect", "Where the provider sends the user back; exchanges the code and returns to the product")
                .param(Param.query("state", "The state the connect page sent, bound to the session", String.class))
                .param(Param.query("code", "The authorization code", String.class))
                .param(Param.query("error", "The provider's error, when the user did not grant access", String.class))
                .response(303, "To the return URL, with status, connection and error")
                .response(404, "The state is no waiting session's (used, expired or changed)")
                .response(409, "Another browser than the one that opened the connect page")
                .handle(ctx -> {
                    sessions.ofState(ctx.queryParam("state")).ifPresent(found -> back(ctx, found));
                    ConnectSessions.Next next = sessions.callback(ctx.queryParam("state"), ctx.queryParam("code"), ctx.queryParam("error"),
                            ctx.cookie(COOKIE), callback(ApiRequest.of(ctx)));
                    redirect(ctx, next.location());
                });
        Param session = Param.path("session", "The session's token, from its connect URL");
        routes.get("/connect/{session}", Guard.connectSession())
                .operation("connect.page", "connect", "The connect page: the connector's fields, then sign-in at the provider or a form")
                .param(session)
                .response(200, "The page", Schema.of(String.class), "text/html")
                .response(404, "The link expired, was used, or never existed")
                .handle(ctx -> {
                    String browser = ctx.cookie(COOKIE);
                    if (browser == null || browser.length() != 43) {
                        browser = dev.junction.engine.internal.ConnectDrafts.random();
                        boolean secure = ApiRequest.of(ctx).baseUrl().getScheme().equals("https");
                        ctx.header("Set-Cookie", COOKIE + "=" + browser + "; Path=/connect; HttpOnly; SameSite=Lax; Max-Age=3600" + (secure ? "; Secure" : ""));
                    }
                    ConnectSessions.Page page = sessions.page(ctx.attribute(SESSION), browser);
                    pageHeaders(ctx);
                    ctx.contentType("text/html; charset=utf-8").result(ConnectPage.render(page, "/connect/" + ctx.pathParam("session")));
                });
        routes.post("/connect/{session}", Guard.connectSession())
                .operation("connect.submit", "connect", "The connect page's form: makes the connection, or sends the user to the provider")
                .param(session)
                .textBody("application/x-www-form-urlencoded")
                .response(303, "To the provider's sign-in, or to the return URL")
                .response(404, "The link expired, was used, or never existed")
                .response(409, "The form did not come from the page this link opened")
                .handle(ctx -> {
                    String text = ApiRequest.of(ctx).textBody().map(dev.junction.server.TextBody::text).orElse("");
                    ConnectSessions.Next next = sessions.submit(ctx.attribute(SESSION), ctx.cookie(COOKIE), form(text), callback(ApiRequest.of(ctx)));
                    redirect(ctx, next.location());
                });
    }

    /**
     * The guard of the page and the callback: the page's path names an open, unexpired session (kept for
     * the handler); the callback carries a state. What the state and the browser cookie are worth is
     * checked by the engine in the handler.
     */
    public ConnectSessionVerifier verifier() {
        return ctx -> {
            if (ctx.path().equals("/connect/callback")) {
                String state = ctx.queryParam("state");
                if (state == null || state.isBlank()) {
                    throw new ApiProblem(401, "connect-session-required", "Unauthorized",
                            "This address is the end of a connect session's sign-in; it takes the state the connect page sent.");
                }
                return;
            }
            String token = ctx.pathParamMap().get("session");
            try {
                ConnectSession found = sessions.open(token == null ? "" : token);
                ctx.attribute(SESSION, found);
                back(ctx, found);
            } catch (EngineException.NotFound e) {
                throw new ApiProblem.NotFound("This connect link is not valid: it expired, was used already, or never existed. Ask for a new one.");
            }
        };
    }

    /** A browser's error from here on goes back to the product ({@link BrowserProblems}). */
    private static void back(Context ctx, ConnectSession session) {
        ctx.attribute(BrowserProblems.BACK, new BrowserProblems.Back(session.returnUrl(), session.connection()));
    }

    private URI returnUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException | NullPointerException e) {
            throw new ApiProblem.BadRequest("returnUrl is not a URL.");
        }
        if (!config.connectReturnUrlAllowed(url)) {
            throw new ApiProblem.BadRequest("returnUrl '" + dev.junction.server.api.internal.DefinitionTexts.echo(text) + "' is not allowed: it must start"
                    + " with one of the server's connectReturnUrls (" + (config.connectReturnUrls().isEmpty() ? "none are set; set connectReturnUrls in the"
                    + " server config or JUNCTION_CONNECT_RETURN_URLS" : String.join(", ", config.connectReturnUrls().stream().map(URI::toString).toList()))
                    + ").");
        }
        return url;
    }

    private String base(ApiRequest request) {
        return (config.publicBaseUrl() != null ? config.publicBaseUrl() : request.baseUrl()).toString().replaceAll("/+$", "");
    }

    /** The one callback URL, under publicBaseUrl: the redirect_uri the provider must know. */
    private URI callback(ApiRequest request) {
        return URI.create(base(request) + "/connect/callback");
    }

    private static void pageHeaders(Context ctx) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", ConnectPage.CSP);
    }

    private static void redirect(Context ctx, URI location) {
        pageHeaders(ctx);
        ctx.status(303).header("Location", location.toString());
    }

    /** An {@code application/x-www-form-urlencoded} body; a name given twice keeps its first value. */
    static Map<String, String> form(String text) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }
}
