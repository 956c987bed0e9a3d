package dev.junction.spec.internal;

import dev.junction.spec.FlowSpec;
import dev.junction.spec.SourceLocation;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Reads a {@code wait:} step: {@code { for: 10s }} (a duration) or {@code { until: "= <JSONata>" }}
 * (an expression giving an ISO-8601 time), exactly one of the two; problems at their file:line.
 */
final class FlowWaitReader {
    /** The longest a wait may be asked for with {@code for:}. */
    static final Duration MAX_FOR = Duration.ofDays(366);

    private FlowWaitReader() {}

    /** @param expression reads and checks a JSONata expression at a key (its step references included); null when wrong */
    static FlowSpec.Step read(Fields step, String name, SourceLocation location, BiFunction<Fields, String, String> expression) {
        Fields w = step.fields("wait", true);
        if (w == null) {
            return null;
        }
        w.allow(Schema.FLOW_WAIT);
        if (w.has("for") == w.has("until")) {
            step.problem("wait", "expected either for: (a duration such as 10s or 2h) or until: (a JSONata expression giving an ISO-8601 time,"
                    + " such as \"= input.remindAt\"), found " + (w.has("for") ? "both" : "neither"));
            return null;
        }
        if (w.has("for")) {
            Duration duration = w.duration("for", true, null, true);
            if (duration == null) {
                return null;
            }
            if (duration.compareTo(MAX_FOR) > 0) {
                w.problem("for", "expected at most 366d, found " + duration + "; use until: for a wait longer than a year");
                return null;
            }
            return new FlowSpec.Wait(name, duration, null, location);
        }
        String until = expression.apply(w, "until");
        return until == null ? null : new FlowSpec.Wait(name, null, until, location);
    }
}
