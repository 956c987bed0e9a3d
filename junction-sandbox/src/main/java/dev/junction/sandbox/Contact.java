package dev.junction.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An Acme CRM contact as stored by the sandbox.
 *
 * @param id         {@code c-00001} style id
 * @param properties email, firstname, lastname, phone, tier, owner_email, plus anything written by upserts
 * @param companyId  the company id, or null for contacts created through the API
 * @param createdAt  creation time
 * @param updatedAt  last change time
 */
public record Contact(String id, Map<String, String> properties, String companyId, Instant createdAt,
                      Instant updatedAt) {

    public Contact {
        Objects.requireNonNull(id, "id");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** One property, or null. */
    public String property(String name) {
        return properties.get(name);
    }
}
