package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens. A token's secret is never stored: only its hash (SHA-256 in lower-case hex), by which
 * a presented secret is found in one indexed lookup. Revoked tokens stay, for the audit log.
 */
public interface TokenRepository {
    /**
     * Stores a new token (its {@code lastUsedAt} and {@code revokedAt} as given, normally null).
     *
     * @throws StoreException when a token with that id or secret hash exists
     */
    void create(StoredToken token, String secretHash);

    /** The token whose secret has that hash, whether revoked or expired or not. */
    Optional<StoredToken> findBySecretHash(String secretHash);

    Optional<StoredToken> find(String id);

    /** Every token, revoked and expired ones too, oldest first. */
    List<StoredToken> list();

    /**
     * Revokes a token from {@code at} on.
     *
     * @return false when there is no such token or it was revoked already (its revocation time stays)
     */
    boolean revoke(String id, Instant at);

    /**
     * Records that the token authenticated a call at {@code at}, unless it was recorded at or after
     * {@code unlessUsedSince} already: one conditional write, so many nodes serving one token write
     * its use at most once per interval between them.
     *
     * @return whether the time was written
     */
    boolean markUsed(String id, Instant at, Instant unlessUsedSince);
}
