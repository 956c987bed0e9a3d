package dev.junction.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Helpdesk user as stored by the sandbox.
 *
 * @param id         {@code u-00001} style id
 * @param externalId the upsert key, or null for users created inside the Helpdesk
 * @param email      email address
 * @param name       display name, may be null
 * @param priority   1, 2 or 3
 * @param profile    free-form object, unmodifiable
 * @param ownerId    the assigned agent id ({@code a-01}), or null
 * @param createdAt  creation time
 * @param updatedAt  last change time
 * @param deleted    soft-deleted ({@code POST /api/users/patch} with {@code "deleted": true}); an upsert without
 *                   {@code deleted} restores the user
 */
public record HelpdeskUser(String id, String externalId, String email, String name, int priority,
                           Map<String, Object> profile, String ownerId, Instant createdAt, Instant updatedAt, boolean deleted) {
    /** A user that is not soft-deleted. */
    public HelpdeskUser(String id, String externalId, String email, String name, int priority,
                        Map<String, Object> profile, String ownerId, Instant createdAt, Instant updatedAt) {
        this(id, externalId, email, name, priority, profile, ownerId, createdAt, updatedAt, false);
    }

    public HelpdeskUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        profile = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(profile, "profile")));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
