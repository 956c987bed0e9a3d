package dev.junction.store;

import java.util.Locale;

/** Where a flow execution is: stored and not started, running, or ended one way or the other. */
public enum FlowExecutionStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** As stored and shown: {@code queued}, {@code running}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FlowExecutionStatus of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
