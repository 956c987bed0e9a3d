package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.http.internal.Redactor;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowStepRecord;
import java.time.Clock;
import java.time.Instant;

/**
 * The rows of a flow execution's steps: each step's status, output and what it was given, stored with
 * the values under secret-looking names and the credentials in text redacted, and capped in size
 * (the full output stays in memory for later steps).
 */
final class FlowStepRows {
    /** The most of a step's output kept in its row (the full value stays in memory for later steps). */
    static final int MAX_STORED_OUTPUT = 64 * 1024;
    /** The most of one string value kept in a step's row; longer ones are cut. */
    static final int MAX_STORED_STRING = 2048;
    /**
     * Strings up to this long get the name-based redaction of free text ({@code token=...}); its cost
     * grows with the square of the length, so longer ones get only the credential-scheme pass.
     */
    private static final int NAME_REDACTION_UP_TO = 512;
    private static final java.util.regex.Pattern SCHEME_CREDENTIALS = java.util.regex.Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FlowExecutionRepository executions;
    private final Clock clock;

    FlowStepRows(FlowExecutionRepository executions, Clock clock) {
        this.executions = executions;
        this.clock = clock;
    }

    /** Stores the row of {@code step}, which started at {@code started}, with what it was given ({@link FlowExecutor#given}). */
    void save(FlowExecutor.Execution state, int seq, FlowSpec.Step step, String status, JsonNode output, String error, Instant started) {
        if (!state.store || state.reused) {
            return; // a forEach item's step (the forEach's own row holds the items' results), or a resumed execution's step that succeeded before
        }
        JsonNode input = state.stepInput;
        executions.saveStep(new FlowStepRecord(state.execution.id(), seq, step.name(), status, stored(output), error, started, clock.instant(),
                input == null ? null : stored(input)), state.execution.tenant(), output == null ? null : output.toString());
    }

    /** A step's output as kept in its row: values under secret-like names redacted, and at most {@link #MAX_STORED_OUTPUT} characters. */
    static String stored(JsonNode output) {
        if (output == null) {
            return null;
        }
        String text = redacted(output).toString();
        if (text.length() <= MAX_STORED_OUTPUT) {
            return text;
        }
        return NODES.objectNode().put("truncated", true).put("size", text.length())
                .put("excerpt", text.substring(0, MAX_STORED_OUTPUT - 200)).toString();
    }

    /** A copy with the values under secret-looking names ({@code password}, {@code token}, ...) and credentials in text redacted. */
    static JsonNode redacted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), Redactor.isSecretName(e.getKey()) && !e.getValue().isNull()
                    ? NODES.textNode(Redactor.REDACTED) : redacted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(redacted(item)));
            return out;
        }
        if (!node.isTextual()) {
            return node;
        }
        String text = node.asText();
        if (text.length() <= NAME_REDACTION_UP_TO) {
            return NODES.textNode(Redactor.secretsByName(text));
        }
        String cut = text.length() <= MAX_STORED_STRING ? text
                : text.substring(0, MAX_STORED_STRING) + "...[" + (text.length() - MAX_STORED_STRING) + " more characters]";
        return NODES.textNode(SCHEME_CREDENTIALS.matcher(cut).replaceAll("$1 " + java.util.regex.Matcher.quoteReplacement(Redactor.REDACTED)));
    }
}
