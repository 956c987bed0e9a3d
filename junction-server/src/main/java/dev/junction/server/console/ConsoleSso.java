package dev.junction.server.console;

import dev.junction.engine.AuditLog;
import dev.junction.engine.Principal;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.OidcSettings;
import dev.junction.server.Routes;
import dev.junction.server.console.OidcClient.SignOnFailure;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on to the console through an OpenID Connect provider ({@code console.oidc}): the
 * sign-in form's "Sign in with PROVIDER" goes to {@code /console/sso/start}, which sends the browser to
 * the provider with a fresh state, nonce and PKCE challenge (kept by {@link PendingSignOns}, bound to the
 * browser by a cookie); the provider sends it back to {@code /console/sso/callback}, which checks the
 * state and that cookie, exchanges the code, validates the ID token ({@link OidcClient}), maps the
 * person to a role and tenant ({@link SsoUsers}) and makes the same kind of console session a token
 * sign-in makes, with the person as its actor (and an audit log entry {@code console.signOn}).
 *
 * <p>The callback answers with a page that moves on to {@code /console} by itself (a meta refresh)
 * rather than with a redirect: the session cookie is {@code SameSite=Strict}, which a browser does not
 * send on a redirect chain that began at the provider's site, but does send on the page's own
 * navigation. Whatever fails — the provider down, an unknown or replayed state, an invalid ID token, a
 * person refused — shows the sign-in form with a sentence saying so, never a stack trace. Without
 * {@code console.oidc} both routes answer the sign-in form with 404.
 */
public final class ConsoleSso implements ApiModule {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSso.class);
    /** The cookie binding a sign-on to the browser that started it ({@code SameSite=Lax}: it must come back on the provider's redirect). */
    static final String COOKIE = "junction_console_sso";
    static final String START = "/console/sso/start";
    static final String CALLBACK = "/console/sso/callback";

    private final OidcSettings settings;
    private final OidcClient client;
    private final SsoUsers users;
    private final PendingSignOns pending;
    private final SessionStore sessions;
    private final ConsoleAuth signIn;
    private final AuditLog audit;
    private final URI publicBaseUrl;

    /**
     * @param clientSecret resolves {@code console.oidc.clientSecret} (a secret reference) when a code is exchanged
     * @param signIn the sign-in form, shown with what went wrong
     * @param publicBaseUrl the server's configured public address, for the redirect URI; null: as the browser reached it
     */
    public ConsoleSso(OidcSettings settings, Supplier<String> clientSecret, SessionStore sessions, ConsoleAuth signIn, AuditLog audit,
            URI publicBaseUrl, Clock clock) {
        this.settings = settings.checked();
        this.client = settings.enabled() ? new OidcClient(settings, settings.clientSecret() == null ? null : clientSecret, clock) : null;
        this.users = new SsoUsers(settings);
        this.pending = new PendingSignOns(clock);
        this.sessions = sessions;
        this.signIn = signIn;
        this.audit = audit;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public void register(Routes routes) {
        routes.get(START, Guard.consolePublic())
                .operation("console.ssoStart", "console", "Starts single sign-on: sends the browser to the OpenID Connect provider")
                .description("Only when console.oidc is configured (404 otherwise). Sets a short-lived cookie binding the sign-on to this browser.")
                .response(303, "To the provider's authorization endpoint")
                .response(404, "Single sign-on is not configured")
                .response(502, "The provider did not answer; the sign-in form says so")
                .handle(this::start);
        routes.get(CALLBACK, Guard.consolePublic())
                .operation("console.ssoCallback", "console", "Where the OpenID Connect provider sends the browser back after sign-in")
                .description("Query: code and state (or error). Checks the state against this browser's cookie, exchanges the code, validates the"
                        + " ID token (signature, issuer, audience, expiry, nonce) and maps the person to a role and tenant; then makes a console"
                        + " session and answers a page that moves on to /console. Anything wrong shows the sign-in form with what it was.")
                .response(200, "Signed in: a page moving on to /console, with the session cookie")
                .response(400, "An unknown, replayed or expired state, or another browser's")
                .response(401, "The provider refused, or its ID token was not valid")
                .response(403, "The person maps to no role or tenant, or is not on the allow-list")
                .handle(this::callback);
    }

    private void start(Context ctx) {
        if (client == null) {
            notConfigured(ctx);
            return;
        }
        try {
            URI redirectUri = URI.create((publicBaseUrl != null ? publicBaseUrl : ApiRequest.of(ctx).baseUrl()) + CALLBACK);
            OidcClient.Start start = client.start(redirectUri);
            String browser = sessions.randomToken();
            pending.add(start, browser, redirectUri);
            ctx.res().addHeader("Set-Cookie", ConsoleAuth.cookie(ctx, COOKIE, browser, CALLBACK, (int) PendingSignOns.TTL.toSeconds(), "Lax"));
            ConsoleAuth.redirect(ctx, start.authorizationUrl().toString());
        } catch (SignOnFailure e) {
            fail(ctx, e);
        }
    }

    private void callback(Context ctx) {
        if (client == null) {
            notConfigured(ctx);
            return;
        }
        ctx.res().addHeader("Set-Cookie", ConsoleAuth.cookie(ctx, COOKIE, "", CALLBACK, 0, "Lax"));
        try {
            PendingSignOns.Pending started = pending.take(ctx.queryParam("state"), ctx.cookie(COOKIE))
                    .orElseThrow(() -> new SignOnFailure(400, "This sign-in did not start in this browser, was completed already, or is older than "
                            + PendingSignOns.TTL.toMinutes() + " minutes. Start again."));
            String error = ctx.queryParam("error");
            if (error != null) {
                String description = ctx.queryParam("error_description");
                throw new SignOnFailure("access_denied".equals(error) ? 403 : 401, "The sign-in provider did not sign you in: " + error
                        + (description == null ? "" : " (" + description + ")") + ".");
            }
            String issuer = ctx.queryParam("iss");
            if (issuer != null && !issuer.equals(client.issuer())) {
                throw new SignOnFailure(400, "The answer names another issuer than " + client.issuer() + " (RFC 9207). Start again.");
            }
            String code = ctx.queryParam("code");
            if (code == null || code.isBlank()) {
                throw new SignOnFailure(400, "The provider sent you back without an authorization code. Start again.");
            }
            Map<String, Object> claims = client.finish(code, started.redirectUri(), started.nonce(), started.codeVerifier());
            Principal principal = users.principal(claims);
            SessionStore.Session session = sessions.createSignedOn(principal);
            record(principal, claims);
            ConsoleAuth.startSession(ctx, session);
            Templates.page(ctx, 200, "signed-on.jte", Map.of("who", principal.id().substring(SsoUsers.PREFIX.length())));
        } catch (SignOnFailure e) {
            fail(ctx, e);
        }
    }

    /** The sign-on in the audit log, naming the person and where they signed in; a failure to record does not stop the sign-in. */
    private void record(Principal principal, Map<String, Object> claims) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("issuer", settings.issuer().toString());
        detail.put("subject", String.valueOf(claims.get("sub")));
        detail.put("role", principal.role().wireName());
        try {
            audit.record(principal, "console.signOn", "session", null, AuditLog.OK, detail);
        } catch (RuntimeException e) {
            LOG.error("the console sign-on of {} could not be recorded in the audit log", principal.id(), e);
        }
    }

    private void fail(Context ctx, SignOnFailure failure) {
        LOG.info("console single sign-on failed ({}): {}", failure.status(), failure.getMessage());
        signIn.form(ctx, failure.status(), failure.getMessage());
    }

    private void notConfigured(Context ctx) {
        signIn.form(ctx, 404, "Single sign-on is not configured on this server (console.oidc); sign in with an API token.");
    }
}
