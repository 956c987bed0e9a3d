package dev.junction.server.internal;

import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.ConsoleSessions;
import dev.junction.server.Authenticator;
import dev.junction.server.ConnectSessionVerifier;
import dev.junction.server.Guard;
import dev.junction.engine.Principal;
import dev.junction.server.Route;
import dev.junction.server.WebhookVerifier;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import dev.junction.server.Cidr;
import java.util.List;

/**
 * The one place access is decided: a before-matched handler that runs ahead of every route's handler.
 * It finds the route's declaration, checks its guard, reads its declared body and confines the request
 * to a tenant, leaving an {@code ApiRequest} for the handler. A route without a declaration (added to
 * Javalin directly) is never served: the request fails with a 500 whose log names the route.
 */
public final class GuardEnforcer implements Handler {
    private final TokenGuard tokens;
    private final WebhookVerifier webhooks;
    private final ConnectSessionVerifier connectSessions;
    private final RequestBodies bodies;
    private final ForwardedHeaders forwarded;
    private final List<Cidr> scrapers;
    private final java.util.function.IntSupplier metricsPort;
    private ConsoleSessions consoleSessions = ConsoleSessions.none();

    /**
     * @param scrapers the networks that may scrape {@code /metrics} without a token
     * @param metricsPort the port only {@code /metrics} is served on, as bound; -1: it is served on the API port
     */
    public GuardEnforcer(Authenticator authenticator, WebhookVerifier webhooks, ConnectSessionVerifier connectSessions,
            JsonBodies bodies, ForwardedHeaders forwarded, List<Cidr> scrapers, java.util.function.IntSupplier metricsPort) {
        this.scrapers = List.copyOf(scrapers);
        this.metricsPort = metricsPort;
        this.tokens = new TokenGuard(authenticator);
        this.webhooks = webhooks;
        this.connectSessions = connectSessions;
        this.bodies = new RequestBodies(bodies);
        this.forwarded = forwarded;
    }

    /** Lets a console session cookie stand for its token on {@code /console/...} routes. */
    public GuardEnforcer consoleSessions(ConsoleSessions sessions) {
        this.consoleSessions = java.util.Objects.requireNonNull(sessions, "sessions");
        return this;
    }

    @Override
    public void handle(Context ctx) {
        Route route = declaredRoute(ctx);
        checkPort(ctx, route);
        ForwardedHeaders.Origin origin = forwarded.resolve(ctx);
        DefaultApiRequest request = new DefaultApiRequest(route, origin);
        ctx.attribute(ApiRequest.ATTRIBUTE, request);
        Principal principal = null;
        switch (route.guard()) {
            case Guard.PublicHealth p -> { }
            case Guard.ConsolePublic p -> { }
            case Guard.MetricsScrape m -> {
                if (!fromScraperNetwork(origin)) {
                    principal = tokens.authenticate(ctx.header("Authorization"));
                    request.principal(principal);
                    tokens.authorize(route, Guard.METRICS_TOKEN, principal);
                }
            }
            case Guard.WebhookSignature w -> webhooks.verify(ctx, w);
            case Guard.ConnectSession c -> connectSessions.verify(ctx);
            case Guard.Token t -> {
                principal = authenticate(ctx, route);
                request.principal(principal); // known from here on: a refusal below is audited as this caller's
                tokens.authorize(route, t, principal);
            }
        }
        if (route.operation().hasBody()) {
            request.body(bodies.read(ctx, route.operation()));
        }
        if (route.guard() instanceof Guard.Token t) {
            tokens.confine(ctx, t.scope(), principal, request.body()).ifPresent(request::tenant);
        }
    }

    /**
     * The caller of a token-guarded route: the bearer token, or on a console route without one, the
     * console session of the cookie — 401 when that session is gone, 403 when a mutating request lacks
     * the session's CSRF token (a form another site posts carries the cookie but cannot know the token).
     */
    private Principal authenticate(Context ctx, Route route) {
        String session = ctx.header("Authorization") == null && (route.path().equals(ConsoleSessions.PREFIX) || route.path().startsWith(ConsoleSessions.PREFIX + "/"))
                ? ctx.cookie(ConsoleSessions.COOKIE) : null;
        if (session == null) {
            return tokens.authenticate(ctx.header("Authorization"));
        }
        Principal principal = consoleSessions.principal(session)
                .orElseThrow(() -> new ApiProblem.Unauthorized("Your console session has ended (signed out, expired, or its token was revoked); sign in again.", true));
        if (route.mutating()) {
            String csrf = ConsoleSessions.submittedCsrf(ctx);
            if (csrf == null || !consoleSessions.csrfMatches(session, csrf)) {
                throw new ApiProblem.Forbidden("This form lacks a valid CSRF token (field " + ConsoleSessions.CSRF_FIELD
                        + "); reload the page and submit it again.");
            }
        }
        return principal;
    }

    /** With a metrics port, {@code /metrics} answers there only, and nothing else does: as if the route were not there. */
    private void checkPort(Context ctx, Route route) {
        int port = metricsPort.getAsInt();
        if (port < 0) {
            return;
        }
        boolean scrape = route.guard() instanceof Guard.MetricsScrape;
        boolean onMetricsPort = ctx.req().getLocalPort() == port;
        if (scrape != onMetricsPort) {
            throw new io.javalin.http.NotFoundResponse();
        }
    }

    private boolean fromScraperNetwork(ForwardedHeaders.Origin origin) {
        java.util.Optional<java.net.InetAddress> client = dev.junction.net.InetLiterals.parse(origin.clientAddress());
        return client.isPresent() && scrapers.stream().anyMatch(network -> network.contains(client.get()));
    }

    private Route declaredRoute(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        DeclaredRoute declared = endpoint == null ? null : endpoint.metadata(DeclaredRoute.class);
        if (declared == null) {
            throw new IllegalStateException("refused " + ctx.method() + " " + ctx.path() + ": its route ("
                    + (endpoint == null ? "a static resource" : endpoint.method + " " + endpoint.path)
                    + ") was not declared through an ApiModule, so it has no guard");
        }
        return declared.route();
    }
}
