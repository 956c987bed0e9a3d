package dev.junction.store.jdbc.internal;

import dev.junction.store.StoredToken;
import dev.junction.store.TokenRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in table {@code api_tokens}. The secret's hash is written once and used only in the
 * lookup's where clause (a unique index): it is never selected, so no record carries it.
 */
public final class JdbcTokenRepository implements TokenRepository {
    private static final String COLUMNS = "id, name, role, tenant, created_at, created_by, last_used_at, expires_at, revoked_at";

    private final Jdbc jdbc;

    public JdbcTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(StoredToken t, String secretHash) {
        if (secretHash == null || secretHash.isBlank()) {
            throw new IllegalArgumentException("create token " + t.id() + ": the secret's hash is missing");
        }
        jdbc.withHandle("create token " + t.id(), c -> Jdbc.update(c,
                "insert into api_tokens (id, secret_hash, name, role, tenant, created_at, created_by, last_used_at, expires_at, revoked_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), secretHash, t.name(), t.role(), t.tenant(), t.createdAt(), t.createdBy(), t.lastUsedAt(), t.expiresAt(), t.revokedAt()));
    }

    @Override
    public Optional<StoredToken> findBySecretHash(String secretHash) {
        // The operation names no part of the hash: messages and logs never see it.
        return jdbc.withHandleNoFlush("find a token by its secret",
                c -> Jdbc.first(c, "select " + COLUMNS + " from api_tokens where secret_hash = ?", JdbcTokenRepository::map, secretHash));
    }

    @Override
    public Optional<StoredToken> find(String id) {
        return jdbc.withHandleNoFlush("find token " + id,
                c -> Jdbc.first(c, "select " + COLUMNS + " from api_tokens where id = ?", JdbcTokenRepository::map, id));
    }

    @Override
    public List<StoredToken> list() {
        return jdbc.withHandleNoFlush("list tokens",
                c -> Jdbc.list(c, "select " + COLUMNS + " from api_tokens order by created_at, id", JdbcTokenRepository::map));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return jdbc.withHandle("revoke token " + id,
                c -> Jdbc.update(c, "update api_tokens set revoked_at = ? where id = ? and revoked_at is null", at, id) > 0);
    }

    @Override
    public boolean markUsed(String id, Instant at, Instant unlessUsedSince) {
        // Losing this write to a crash costs only a last-used time: no flush.
        return jdbc.withHandleNoFlush("record the use of token " + id, c -> Jdbc.update(c,
                "update api_tokens set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)",
                at, id, unlessUsedSince) > 0);
    }

    private static StoredToken map(ResultSet row) throws SQLException {
        return new StoredToken(
                row.getString("id"),
                row.getString("name"),
                row.getString("role"),
                row.getString("tenant"),
                Jdbc.instant(row, "created_at"),
                row.getString("created_by"),
                Jdbc.instant(row, "last_used_at"),
                Jdbc.instant(row, "expires_at"),
                Jdbc.instant(row, "revoked_at"));
    }
}
