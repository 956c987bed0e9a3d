package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.FlowExecutionRepository.ResumableStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an execution already did, read back from its stored steps when it is resumed (its process
 * died, a {@code wait} step woke it, or it is retried): each step's last row by name, with its full
 * output. A step that succeeded is not run again; its output goes into the context as it was, so a
 * branch takes the path it took before. Steps are matched by name (names are unique within a flow),
 * so a retry on a newer definition reuses the steps it still has. Immutable.
 */
public final class FlowResume {
    /** A step's stored row: its {@code seq}, {@code status} and full output. */
    public record Done(int seq, String status, JsonNode output) {
        public boolean succeeded() {
            return "succeeded".equals(status);
        }

        /** A {@code wait} step that parked the execution. */
        public boolean waiting() {
            return "waiting".equals(status);
        }
    }

    /** Nothing done yet: a new execution. */
    public static final FlowResume NONE = new FlowResume(Map.of(), 0);

    private final Map<String, Done> byName;
    private final int lastSeq;

    private FlowResume(Map<String, Done> byName, int lastSeq) {
        this.byName = byName;
        this.lastSeq = lastSeq;
    }

    /** The stored steps of an execution, in the order they ran (a later row of a name replaces an earlier one). */
    public static FlowResume of(List<ResumableStep> steps, ObjectMapper json) {
        Map<String, Done> byName = new HashMap<>();
        int last = 0;
        for (ResumableStep step : steps) {
            last = Math.max(last, step.row().seq());
            byName.put(step.row().step(), new Done(step.row().seq(), step.row().status(), parse(step, json)));
        }
        return new FlowResume(Map.copyOf(byName), last);
    }

    /** The stored full output; null when the row has none (a failed step, or a row stored before full outputs were kept). */
    private static JsonNode parse(ResumableStep step, ObjectMapper json) {
        if (step.output() == null) {
            return null;
        }
        try {
            return json.readTree(step.output());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored output of step '" + step.row().step() + "' (seq " + step.row().seq() + ") is not JSON", e);
        }
    }

    /**
     * The step's stored row when it succeeded or is a parked wait, with its full output (what a resumed
     * execution reuses); null: run it (again, with the same idempotency key).
     */
    public Done reusable(String step) {
        Done done = byName.get(step);
        return done != null && done.output() != null && (done.succeeded() || done.waiting()) ? done : null;
    }

    /** The highest {@code seq} stored: steps run from now on come after it. */
    public int lastSeq() {
        return lastSeq;
    }
}
