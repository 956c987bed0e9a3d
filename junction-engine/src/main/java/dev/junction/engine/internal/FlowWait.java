package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.flow.FlowExpressions;
import dev.junction.spec.FlowSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code wait} step: when its time has come the step succeeds with {@code {"until": TIME}};
 * before, it {@link Parked parks} the execution, which the flow worker resumes once the time comes
 * (also after a restart: the wake time is stored). A resumed wait keeps the time it computed first,
 * so {@code for: 10s} counts from when the step was first reached.
 */
final class FlowWait {
    /** The execution waits until {@code until}: stored as {@code waiting}, no thread held. */
    static final class Parked extends RuntimeException {
        final Instant until;
        final JsonNode output;

        Parked(Instant until, JsonNode output) {
            super("waiting until " + until, null, false, false);
            this.until = until;
            this.output = output;
        }
    }

    private FlowWait() {}

    /**
     * The output of the step when its time has come.
     *
     * @param stored the step's parked row when the execution is resumed (null: reached now for the first time)
     * @throws Parked when the time has not come
     * @throws IllegalArgumentException when {@code until} gives no ISO-8601 time
     */
    static JsonNode run(FlowSpec.Wait wait, FlowResume.Done stored, FlowExpressions expressions, JsonNode context, String at, Instant now) {
        Instant until;
        if (stored != null && stored.waiting()) {
            until = Instant.parse(stored.output().path("until").asText());
        } else if (wait.duration() != null) {
            until = now.plus(wait.duration());
        } else {
            JsonNode time = expressions.render(new FlowSpec.Template(TextNode.valueOf("= " + wait.until())), context, at + ".wait.until");
            until = instant(time, at + ".wait.until");
        }
        JsonNode output = JsonNodeFactory.instance.objectNode().put("until", until.toString());
        if (now.isBefore(until)) {
            throw new Parked(until, output);
        }
        return output;
    }

    private static Instant instant(JsonNode time, String where) {
        if (time == null || !time.isTextual()) {
            throw new IllegalArgumentException(where + " gave " + (time == null ? "nothing" : time.toString())
                    + "; expected an ISO-8601 time such as \"2026-05-04T09:00:00Z\"");
        }
        try {
            return OffsetDateTime.parse(time.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + " gave \"" + time.asText() + "\"; expected an ISO-8601 time with an offset such as"
                    + " \"2026-05-04T09:00:00Z\"");
        }
    }
}
