package dev.junction.server.console;

import dev.junction.engine.CreatedToken;
import dev.junction.engine.Engine;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.AuditApi;
import dev.junction.server.api.TokensApi.NewToken;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import dev.junction.store.StoredToken;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's admin pages, for admin tokens of no tenant only (anyone else: 403), with the guards of
 * {@code /api/v1/tokens} and {@code /api/v1/audit}: the API tokens (list; create, its secret shown on
 * the answer to the form and never again; revoke) and the audit log (newest first, filtered by actor
 * and action, a page at a time).
 */
public final class AdminPages implements ApiModule {
    /** A token as listed: never its secret; {@code active}: neither revoked nor expired now. */
    public record TokenRow(StoredToken token, boolean active) {}

    /** The tokens page; {@code error}: why the last create was refused, or null. */
    public record TokensPage(List<TokenRow> tokens, String error) {}

    /** A token just made, with its secret: this page is the only place it is shown. */
    public record CreatedPage(StoredToken token, String secret) {}

    /** A page of the audit log: the filters it was asked with, and the next page's console link (null on the last). */
    public record AuditLogPage(List<AuditEntry> entries, String actor, String action, String next) {}

    private final Engine engine;
    private final ConsolePages pages;

    AdminPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    public void register(Routes routes) {
        Guard admin = Guard.token(Role.ADMIN, Scope.operator());
        routes.get("/console/tokens", admin)
                .operation("console.tokens", "console", "The API tokens: role, tenant, created, last used, expiry; never a secret")
                .response(200, "An HTML page")
                .handle(ctx -> tokens(ctx, 200, null));
        routes.post("/console/tokens", admin)
                .operation("console.createToken", "console", "Creates an API token, as POST /api/v1/tokens, and shows its secret this once")
                .description("Form fields: role (admin, editor, viewer), tenant (empty: every tenant), name, expiresInDays (empty: never), _csrf.")
                .response(200, "The new token's secret, shown this once (Cache-Control: no-store)")
                .response(400, "The tokens page again, saying what was wrong")
                .handle(this::create);
        routes.post("/console/tokens/{id}/revoke", admin)
                .operation("console.revokeToken", "console", "Revokes a token, as DELETE /api/v1/tokens/{id}")
                .param(Param.path("id", "The token's id"))
                .response(303, "To the tokens")
                .response(404, "No token has that id")
                .handle(ctx -> {
                    StoredToken t = engine.tokens().find(ctx.pathParam("id"))
                            .orElseThrow(() -> new ApiProblem.NotFound("No token has that id; the tokens page lists them."));
                    ApiRequest.of(ctx).auditObject("token", t.id());
                    ApiRequest.of(ctx).auditDetail("alreadyRevoked", !engine.tokens().revoke(t.id()));
                    Forms.seeOther(ctx, "/console/tokens");
                });
        routes.get("/console/audit-log", admin)
                .operation("console.auditLog", "console", "The audit log: who changed what, newest first, filtered as GET /api/v1/audit filters")
                .param(Param.query("actor", "Only calls by this token id (or local:USER)", String.class))
                .param(Param.query("action", "Only this action, like connections.create", String.class))
                .param(Param.query("cursor", "The page after the one whose Older link gave this cursor", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    AuditQuery query = AuditApi.query(ctx);
                    AuditPage page = engine.audit().query(query);
                    pages.page(ctx, "audit-log.jte", "Audit log", "audit-log", Map.of("page", new AuditLogPage(page.entries(), query.actor(), query.action(),
                            page.nextCursor() == null ? null : next(query, page.nextCursor()))));
                });
    }

    private void tokens(Context ctx, int status, String error) {
        Instant now = engine.clock().instant();
        List<TokenRow> rows = engine.tokens().list().stream().map(t -> new TokenRow(t, t.activeAt(now))).toList();
        pages.page(ctx, status, "tokens.jte", "Tokens", "tokens", Map.of("page", new TokensPage(rows, error)));
    }

    private void create(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        NewToken asked;
        try {
            asked = new NewToken(Forms.field(ctx, "role"), Forms.field(ctx, "tenant"), Forms.field(ctx, "name"), expiresIn(Forms.field(ctx, "expiresInDays")));
        } catch (IllegalArgumentException e) {
            tokens(ctx, 400, e.getMessage());
            return;
        }
        Instant expiresAt = asked.expiresInSeconds() == null ? null : engine.clock().instant().plusSeconds(asked.expiresInSeconds());
        CreatedToken created = engine.tokens().create(Role.parse(asked.role()), asked.tenant(), asked.name(), expiresAt,
                request.principal().map(Principal::id).orElseThrow());
        StoredToken t = created.token();
        request.auditObject("token", t.id());
        request.auditDetail("role", t.role());
        request.auditDetail("tenant", t.tenant());
        pages.page(ctx, "token-created.jte", "Token " + t.id(), "tokens", Map.of("page", new CreatedPage(t, created.secret())));
    }

    /** Days as seconds; null for none. @throws IllegalArgumentException for anything but a whole number of days */
    private static Long expiresIn(String days) {
        if (days == null) {
            return null;
        }
        if (!days.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("expires in: a whole number of days (1 to 3650), or empty for a token that does not expire");
        }
        return Duration.ofDays(Long.parseLong(days)).toSeconds();
    }

    /** The console's link to the page after this one, with the same filters. */
    private static String next(AuditQuery query, String cursor) {
        List<String> pairs = new ArrayList<>();
        if (query.actor() != null) {
            pairs.add("actor=" + Links.segment(query.actor()));
        }
        if (query.action() != null) {
            pairs.add("action=" + Links.segment(query.action()));
        }
        pairs.add("cursor=" + Links.segment(cursor));
        return "/console/audit-log?" + String.join("&", pairs);
    }
}
