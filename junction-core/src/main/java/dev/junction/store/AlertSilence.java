package dev.junction.store;

import java.time.Instant;

/**
 * A silence (or maintenance window): from {@code startsAt} until {@code endsAt}, alerts it matches fire
 * and resolve as usual but tell no channel. {@code rule}, {@code sync}, {@code connection} and
 * {@code tenant} each match anything when null.
 */
public record AlertSilence(String id, String rule, String sync, String connection, String tenant, Instant startsAt, Instant endsAt, String reason,
        String createdBy, Instant createdAt) {

    /** Whether it silences an alert of {@code alert}'s rule and subject at {@code at}. */
    public boolean silences(AlertRecord alert, Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt) && matches(rule, alert.rule()) && matches(sync, alert.sync())
                && matches(connection, alert.connection()) && matches(tenant, alert.tenant());
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }
}
