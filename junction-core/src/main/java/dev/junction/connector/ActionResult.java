package dev.junction.connector;

import java.util.List;

/** The outcome of one action call: one {@link RecordOutcome} per input record, in input order. */
public record ActionResult(List<RecordOutcome> outcomes) {
    public ActionResult {
        outcomes = List.copyOf(outcomes);
    }

    public long failed() {
        return outcomes.stream().filter(o -> !o.ok()).count();
    }

    public long inserted() {
        return outcomes.stream().filter(o -> o.ok() && o.inserted()).count();
    }

    /** Accepted records the destination did not report as new. */
    public long updated() {
        return outcomes.stream().filter(o -> o.ok() && !o.inserted()).count();
    }

    public boolean allOk() {
        return outcomes.stream().allMatch(RecordOutcome::ok);
    }
}
