package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junction.engine.ApiTokens;
import dev.junction.engine.CreatedToken;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.internal.DefinitionTexts;
import dev.junction.store.StoredToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /api/v1/tokens}: API tokens, for admin tokens of no tenant only. A token's secret is in the
 * answer that creates it and nowhere else, ever: lists and the audit log hold ids.
 */
public final class TokensApi implements ApiModule {
    /** The longest life a token may be given: ten years. */
    static final long MAX_EXPIRES_IN_SECONDS = Duration.ofDays(3650).toSeconds();

    /** A token to create: its role, optionally one tenant, what it is for, and when it stops working. */
    public record NewToken(@JsonProperty(required = true) String role, String tenant, String name, Long expiresInSeconds) {
        public NewToken {
            try {
                Role.parse(role);
            } catch (EngineException.Invalid e) {
                throw new IllegalArgumentException("role '" + (role == null ? "" : role) + "' is not a role: expected admin, editor or viewer");
            }
            if (tenant != null && (tenant.isBlank() || !tenant.equals(tenant.strip()) || tenant.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("tenant must be a tenant's name without surrounding spaces; leave it out for a token of every tenant");
            }
            if (name != null && (name.length() > 200 || name.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("name is at most 200 characters without control characters");
            }
            if (expiresInSeconds != null && (expiresInSeconds < 1 || expiresInSeconds > MAX_EXPIRES_IN_SECONDS)) {
                throw new IllegalArgumentException("expiresInSeconds is 1.." + MAX_EXPIRES_IN_SECONDS + " (ten years); leave it out for a token that does not expire");
            }
        }
    }

    /** A token just made, with its secret: shown this once, stored nowhere. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedTokenView(String id, String secret, String role, String tenant, String name, Instant createdAt, Instant expiresAt) {}

    /** A token as listed: never its secret or hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenView(String id, String name, String role, String tenant, boolean active, Instant createdAt, String createdBy,
            Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {}

    private final ApiTokens tokens;
    private final Clock clock;

    public TokensApi(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Guard admin = Guard.token(Role.ADMIN, Scope.operator());
        Param id = Param.path("id", "The token's id, like tok_3kq9z0d1mx");
        routes.post("/api/v1/tokens", admin)
                .operation("tokens.create", "tokens", "Creates an API token; the answer holds its secret, shown this once")
                .body(NewToken.class)
                .response(201, "The token and its secret (Cache-Control: no-store)", CreatedTokenView.class)
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    NewToken asked = request.body(NewToken.class);
                    Instant expiresAt = asked.expiresInSeconds() == null ? null : clock.instant().plusSeconds(asked.expiresInSeconds());
                    CreatedToken created = tokens.create(Role.parse(asked.role()), asked.tenant(), asked.name(), expiresAt,
                            request.principal().map(Principal::id).orElseThrow());
                    StoredToken t = created.token();
                    request.auditObject("token", t.id());
                    request.auditDetail("role", t.role());
                    request.auditDetail("tenant", t.tenant());
                    ctx.status(201).header("Cache-Control", "no-store").header("Location", request.location("/api/v1/tokens/" + t.id()).toString())
                            .json(new CreatedTokenView(t.id(), created.secret(), t.role(), t.tenant(), t.name(), t.createdAt(), t.expiresAt()));
                });
        routes.get("/api/v1/tokens", admin)
                .operation("tokens.list", "tokens", "Lists every token, revoked and expired ones too; never a secret")
                .response(200, "The tokens, oldest first", Schema.arrayOf(TokenView.class))
                .handle(ctx -> ctx.json(tokens.list().stream().map(this::view).toList()));
        routes.get("/api/v1/tokens/{id}", admin)
                .operation("tokens.get", "tokens", "Shows one token; never its secret")
                .param(id)
                .response(200, "The token", TokenView.class)
                .response(404, "No token has that id")
                .handle(ctx -> ctx.json(view(token(ctx.pathParam("id")))));
        routes.delete("/api/v1/tokens/{id}", admin)
                .operation("tokens.revoke", "tokens", "Revokes a token: from now on it authenticates no call")
                .param(id)
                .response(204, "Revoked (also when it was revoked already)")
                .response(404, "No token has that id")
                .handle(ctx -> {
                    StoredToken t = token(ctx.pathParam("id"));
                    ApiRequest.of(ctx).auditObject("token", t.id());
                    ApiRequest.of(ctx).auditDetail("alreadyRevoked", !tokens.revoke(t.id()));
                    ctx.status(204);
                });
    }

    private StoredToken token(String id) {
        return tokens.find(id).orElseThrow(() -> new ApiProblem.NotFound("No token has the id '" + DefinitionTexts.echo(id)
                + "'; GET /api/v1/tokens lists them."));
    }

    private TokenView view(StoredToken t) {
        return new TokenView(t.id(), t.name(), t.role(), t.tenant(), t.activeAt(clock.instant()), t.createdAt(), t.createdBy(), t.lastUsedAt(),
                t.expiresAt(), t.revokedAt());
    }
}
