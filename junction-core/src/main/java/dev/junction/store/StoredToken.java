package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as stored, without its secret: the store keeps only the secret's hash, and this record
 * carries neither, so it can be listed and logged.
 *
 * @param id the public id, e.g. {@code tok_3kq9z0d1mx}
 * @param name what it is for, as its creator described it; may be null
 * @param role {@code admin}, {@code editor} or {@code viewer}
 * @param tenant the one tenant it is limited to; null for every tenant
 * @param createdAt when it was created
 * @param createdBy who created it: a token id or {@code local:<os user>}
 * @param lastUsedAt when it last authenticated a call (kept to the minute); null when never
 * @param expiresAt when it stops authenticating; null for never
 * @param revokedAt when it was revoked; null while it is not
 */
public record StoredToken(
        String id,
        String name,
        String role,
        String tenant,
        Instant createdAt,
        String createdBy,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {
    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Whether it may authenticate a call at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
