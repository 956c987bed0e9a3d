package dev.junction.server.console;

import dev.junction.engine.ApiTokens;
import dev.junction.engine.Principal;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.ConsoleSessions;
import dev.junction.server.Guard;
import dev.junction.server.Routes;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out of the console. Sign-in exchanges an API token (pasted into a form, never put in
 * a URL) for a session cookie — HttpOnly, SameSite=Strict, Secure when the client came over https —
 * and the token itself is not kept. The sign-in form is protected against login CSRF by a random token
 * in a short-lived cookie that the form must repeat; sign-out needs the session's CSRF token. When single
 * sign-on is configured the form also offers "Sign in with PROVIDER" ({@link ConsoleSso}).
 */
public final class ConsoleAuth implements ApiModule {
    /** The pre-session cookie the sign-in form's CSRF token is checked against. */
    static final String SIGN_IN_COOKIE = "junction_console_signin";
    private final ApiTokens tokens;
    private final SessionStore sessions;
    private final String signOnName;

    public ConsoleAuth(ApiTokens tokens, SessionStore sessions) {
        this(tokens, sessions, null);
    }

    /** {@code signOnName}: the provider the form offers single sign-on with ("Sign in with NAME"); null for none. */
    public ConsoleAuth(ApiTokens tokens, SessionStore sessions, String signOnName) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.signOnName = signOnName;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/", Guard.consolePublic())
                .operation("console.root", "console", "Sends a browser to the console")
                .response(303, "To /console")
                .handle(ctx -> redirect(ctx, "/console"));
        routes.get("/console/sign-in", Guard.consolePublic())
                .operation("console.signInForm", "console", "The console's sign-in form (an API token)")
                .response(200, "An HTML page")
                .handle(ctx -> form(ctx, 200, null));
        routes.post("/console/sign-in", Guard.consolePublic())
                .operation("console.signIn", "console", "Exchanges an API token for a console session cookie")
                .description("Form fields: token, and _csrf (the sign-in form's). A valid token answers 303 to /console with the session cookie;"
                        + " an invalid one shows the form again with 401.")
                .response(303, "Signed in")
                .response(401, "The token is not valid")
                .handle(this::signIn);
        routes.post("/console/sign-out", Guard.consolePublic())
                .operation("console.signOut", "console", "Ends the console session")
                .response(303, "To the sign-in form")
                .handle(this::signOut);
    }

    /** The sign-in form, answering {@code status}, with an error sentence above it (or null). */
    void form(Context ctx, int status, String error) {
        String csrf = sessions.randomToken();
        ctx.res().addHeader("Set-Cookie", cookie(ctx, SIGN_IN_COOKIE, csrf, "/console/sign-in", 600));
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.of("Sign in", "sign-in", null, csrf));
        params.put("error", error);
        params.put("sso", signOnName);
        Templates.page(ctx, status, "signin.jte", params);
    }

    private void signIn(Context ctx) {
        String expected = ctx.cookie(SIGN_IN_COOKIE);
        String given = ConsoleSessions.submittedCsrf(ctx);
        if (expected == null || given == null || !SessionStore.equal(expected, given)) {
            throw new ApiProblem.Forbidden("The sign-in form lacks its CSRF token (it expires after 10 minutes); open the sign-in page again.");
        }
        String token = ctx.formParam("token");
        Optional<Principal> principal = token == null ? Optional.empty() : tokens.authenticate(token.strip());
        if (principal.isEmpty()) {
            form(ctx, 401, "That token is not valid: it is unknown, revoked or expired. Paste an API token (junction tokens create).");
            return;
        }
        SessionStore.Session session = sessions.create(principal.get());
        ctx.res().addHeader("Set-Cookie", cookie(ctx, SIGN_IN_COOKIE, "", "/console/sign-in", 0));
        startSession(ctx, session);
        redirect(ctx, "/console");
    }

    /** Hands the browser the cookie of a new session. */
    static void startSession(Context ctx, SessionStore.Session session) {
        ctx.res().addHeader("Set-Cookie", cookie(ctx, ConsoleSessions.COOKIE, session.id(), ConsoleSessions.PREFIX, -1));
    }

    private void signOut(Context ctx) {
        String id = ctx.cookie(ConsoleSessions.COOKIE);
        String csrf = ConsoleSessions.submittedCsrf(ctx);
        if (id != null && !sessions.csrfMatches(id, csrf)) {
            throw new ApiProblem.Forbidden("The sign-out form lacks a valid CSRF token; reload the page and sign out again.");
        }
        sessions.end(id);
        ctx.res().addHeader("Set-Cookie", cookie(ctx, ConsoleSessions.COOKIE, "", ConsoleSessions.PREFIX, 0));
        redirect(ctx, "/console/sign-in");
    }

    static void redirect(Context ctx, String path) {
        ConsoleHeaders.apply(ctx, false);
        ctx.status(303).header("Location", path).result("");
    }

    /** A Set-Cookie value: HttpOnly, SameSite=Strict, Secure over https; {@code maxAge} -1 for a browser-session cookie, 0 to delete. */
    static String cookie(Context ctx, String name, String value, String path, int maxAge) {
        return cookie(ctx, name, value, path, maxAge, "Strict");
    }

    /** The same with another SameSite ({@code Lax} for a cookie that must come back on the provider's redirect). */
    static String cookie(Context ctx, String name, String value, String path, int maxAge, String sameSite) {
        boolean https = "https".equals(ApiRequest.of(ctx).baseUrl().getScheme());
        return name + "=" + value + "; Path=" + path + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + "; HttpOnly; SameSite=" + sameSite + (https ? "; Secure" : "");
    }
}
