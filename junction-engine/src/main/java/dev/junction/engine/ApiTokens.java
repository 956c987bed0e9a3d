package dev.junction.engine;

import dev.junction.engine.internal.TokenSecrets;
import dev.junction.store.StoredToken;
import dev.junction.store.TokenRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API tokens: created with a role and optionally one tenant, shown once, listed, revoked, and
 * turned back into a {@link Principal} on every call.
 *
 * <p>A token's secret ({@code jct_} and 32 random bytes in base64url) is never stored, only its
 * SHA-256; {@link #authenticate} hashes what it is given and looks the hash up in the store's
 * unique index. No secret is ever compared character by character, so the time a lookup takes
 * tells an attacker nothing about how close a guess was. Revoked and expired tokens do not
 * authenticate. A token's last use is written at most once per {@link #LAST_USED_INTERVAL}
 * (across every node), not once per call.
 *
 * <pre>{@code
 * CreatedToken created = tokens.create(Role.EDITOR, "acme", "ci deploys", null, "local:ann");
 * print(created.secret());                       // the only time anyone sees it
 * tokens.authenticate(created.secret());         // Optional[Principal[id=tok_..., role=EDITOR, tenant=acme]]
 * }</pre>
 */
public final class ApiTokens {
    /** How stale a token's recorded last use may get before a call writes it again. */
    public static final Duration LAST_USED_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_NAME_CHARS = 200;

    private final TokenRepository tokens;
    private final Clock clock;
    private final TokenSecrets secrets;

    public ApiTokens(TokenRepository tokens, Clock clock, SecureRandom random) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secrets = new TokenSecrets(Objects.requireNonNull(random, "random"));
    }

    /**
     * Creates a token.
     *
     * @param role what it may do
     * @param tenant the one tenant it is limited to; null for every tenant
     * @param name what it is for (at most 200 characters); may be null
     * @param expiresAt when it stops authenticating; null for never
     * @param createdBy who asks: a token id or {@code local:<os user>}
     * @return the secret, to show once, and the token as stored
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public CreatedToken create(Role role, String tenant, String name, Instant expiresAt, String createdBy) {
        Objects.requireNonNull(role, "role");
        Instant now = clock.instant();
        if (tenant != null && (tenant.isBlank() || !tenant.equals(tenant.strip()))) {
            throw new IllegalArgumentException("create token: tenant '" + tenant + "' must not be blank or start or end with spaces;"
                    + " leave it out for a token of every tenant");
        }
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("create token: the name is " + name.length() + " characters long; at most " + MAX_NAME_CHARS + " are kept");
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("create token: it would expire at " + expiresAt + ", which is not after now (" + now
                    + "); give a time in the future, or none for a token that does not expire");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("create token: createdBy must name who creates it (a token id or local:<os user>)");
        }
        String secret = secrets.newSecret();
        StoredToken token = new StoredToken(secrets.newId(), name, role.wireName(), tenant, now, createdBy, null, expiresAt, null);
        tokens.create(token, TokenSecrets.hash(secret));
        return new CreatedToken(secret, token);
    }

    /** Every token, revoked and expired ones too, oldest first; never a secret or its hash. */
    public List<StoredToken> list() {
        return tokens.list();
    }

    public Optional<StoredToken> find(String id) {
        return tokens.find(id);
    }

    /**
     * Revokes a token: from now on it authenticates no call.
     *
     * @return false when there is no such token or it was revoked already
     */
    public boolean revoke(String id) {
        return tokens.revoke(id, clock.instant());
    }

    /**
     * The caller a bearer token's secret stands for: empty when it is not a secret Junction issued,
     * or its token is revoked or expired. Records the token's use (at most once a minute).
     *
     * @param bearer the secret as presented, without the {@code Bearer } scheme
     * @throws IllegalStateException when the stored token has a role this version does not know
     */
    public Optional<Principal> authenticate(String bearer) {
        if (!TokenSecrets.looksLikeSecret(bearer)) {
            return Optional.empty();
        }
        Optional<StoredToken> found = tokens.findBySecretHash(TokenSecrets.hash(bearer));
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().activeAt(now)) {
            return Optional.empty();
        }
        StoredToken token = found.get();
        Principal principal = new Principal(token.id(), role(token), token.tenant());
        Instant staleBefore = now.minus(LAST_USED_INTERVAL);
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(staleBefore)) {
            tokens.markUsed(token.id(), now, staleBefore);
        }
        return Optional.of(principal);
    }

    private static Role role(StoredToken token) {
        try {
            return Role.parse(token.role());
        } catch (EngineException.Invalid e) {
            throw new IllegalStateException("token " + token.id() + " has the role '" + token.role()
                    + "' in the store, which this version of Junction does not know: revoke it and create a new one", e);
        }
    }
}
