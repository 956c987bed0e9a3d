package dev.junction.store;

import java.util.Locale;

/**
 * Where a flow execution is: stored and not started, running, parked by a {@code wait} step until its
 * wake time ({@code waiting}), or ended one way or the other ({@code cancelled}: on request).
 */
public enum FlowExecutionStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    WAITING,
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** As stored and shown: {@code queued}, {@code running}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FlowExecutionStatus of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
