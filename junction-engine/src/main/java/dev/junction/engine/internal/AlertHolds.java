package dev.junction.engine.internal;

import dev.junction.spec.AlertSpec;
import dev.junction.store.AlertRecord;
import dev.junction.store.AlertRepository;
import java.time.Instant;
import java.util.Optional;

/**
 * When a firing alert is kept from its channels: while a silence in effect matches it, and with a
 * rule's {@code coolDown}, when the subject's previous alert resolved less than that long ago (a
 * held alert is told once it has fired that long). Also which conditions are one-off events. Reads
 * the silences and earlier alerts from the store at each question.
 */
public final class AlertHolds {
    private final AlertRepository alerts;

    public AlertHolds(AlertRepository alerts) {
        this.alerts = alerts;
    }

    /** Why a new alert is held ({@code silenced}, {@code cooling down}), or null when its channels are told now. */
    public String heldBecause(AlertSpec rule, AlertRecord alert, Instant now) {
        return silenced(alert, now) ? "silenced" : coolingDown(rule, alert.subject(), now) ? "cooling down" : null;
    }

    /** Whether a silence in effect now matches the alert. */
    public boolean silenced(AlertRecord alert, Instant now) {
        return alerts.silences(now).stream().anyMatch(silence -> silence.silences(alert, now));
    }

    /** Whether the subject's previous alert resolved less than the rule's {@code coolDown} ago. */
    boolean coolingDown(AlertSpec rule, String subject, Instant now) {
        if (rule.coolDown() == null) {
            return false;
        }
        Optional<AlertRecord> previous = alerts.latest(rule.name(), subject);
        return previous.isPresent() && previous.get().resolvedAt() != null && previous.get().resolvedAt().plus(rule.coolDown()).isAfter(now);
    }

    /** A held alert (notifiedAt null) is told once no silence matches it and, with a cool-down, it has fired for that long. */
    public boolean stillHeld(AlertSpec rule, AlertRecord firing, Instant now) {
        return silenced(firing, now) || rule.coolDown() != null && firing.firedAt().plus(rule.coolDown()).isAfter(now);
    }

    /** Conditions seen as one-off events, resolved when not seen again for the rule's {@code resolveAfter}. */
    public static boolean oneOff(AlertSpec rule) {
        return switch (rule.condition().type()) {
            case SCHEMA_DRIFT, RETRIES_EXHAUSTED, AUDIT_DIFFERENCES -> true;
            default -> false;
        };
    }
}
