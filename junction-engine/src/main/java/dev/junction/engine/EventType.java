package dev.junction.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every event type Junction emits, by its wire name ({@link #wireName()}, e.g. {@code run.failed}),
 * the one place they are defined. docs/triggers.md ("Outbound events") shows each one's {@code data}.
 * A subscription names types or patterns of them ({@code run.*}, {@code *}).
 */
public enum EventType {
    /** A run ended with every record written ({@code status: succeeded}) or with some dead-lettered ({@code status: partial}). */
    RUN_SUCCEEDED("run.succeeded"),
    /** A run ended failed: its source or destination failed as a whole, or its process died too often. */
    RUN_FAILED("run.failed"),
    /** A run ended cancelled on request (running, or still queued). */
    RUN_CANCELLED("run.cancelled"),
    /** A run's process died before it recorded its end; the next run resumes from its checkpoint. */
    RUN_ABANDONED("run.abandoned"),
    /**
     * A record of a run became a dead letter: one event for each of the first
     * {@link Events.Settings#deadLettersPerRun()} of a run, emitted when the run ends; the run's own
     * event carries the full count.
     */
    RECORD_DEAD_LETTERED("record.dead_lettered"),
    /** A run's source showed fields or types its stored schema did not have. */
    SCHEMA_DRIFTED("schema.drifted"),
    /** A connection's credentials were refused and cannot be refreshed: someone must connect it again. */
    CONNECTION_NEEDS_REAUTH("connection.needs_reauth"),
    /** A tenant's user connected an account on the connect page (a new connection, or one connected again: {@code reconnected}). */
    CONNECTION_CREATED("connection.created"),
    /** A connect session ended without a connection: the provider refused, the code exchange failed, or the values did not fit. */
    CONNECTION_FAILED("connection.failed"),
    /** A reconciliation audit of a sync found records missing at the destination, extra there, or different (docs/operations.md, "Audits"). */
    AUDIT_DIFFERENCES("audit.differences"),
    /** Sent to one subscription on request ({@code POST /api/v1/event-subscriptions/{id}/test}); no pattern but {@code ping} or {@code *} asks for it otherwise. */
    PING("ping");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in subscriptions' patterns. */
    public String wireName() {
        return wireName;
    }

    /** The type of a wire name, if it is one. */
    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** Every wire name, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
