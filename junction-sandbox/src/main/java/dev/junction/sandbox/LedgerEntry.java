package dev.junction.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record write that a simulated service accepted.
 *
 * @param at       when the write was accepted (the service clock)
 * @param endpoint logical endpoint, {@code contacts.batch.upsert} (CRM) or {@code users.batch} (Helpdesk)
 * @param key      the record's key: the contact id (CRM) or the {@code external_id} (Helpdesk)
 * @param payload  the record as sent by the client; an unmodifiable deep copy (values may be null)
 */
public record LedgerEntry(Instant at, String endpoint, String key, Map<String, Object> payload) {
    public LedgerEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
    }
}
