package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.JunctionException;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.http.CallContext;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FlowSpec;
import java.util.List;
import java.util.Optional;

/**
 * The {@code call} step on a connection's connector: an {@code action} on the record it renders (sent
 * with an idempotency key of the execution and step), one record of a stream by its {@code key}, or
 * the first page of a stream. The connection refusing or failing fails the step with 502.
 */
final class FlowCall {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlowCall() {}

    static JsonNode run(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.Call call, String at) {
        String id = state.execution.id();
        CallContext context = FlowExecutor.context(state, call.connection());
        try (ConnectionClient client = executor.client(state, call.name(), call.connection())) {
            if (call.action() != null) {
                JsonNode record = state.flow.expressions().render(call.record(), state.context, at + ".record");
                FlowExecutor.given(state, record);
                JsonNode[] answer = new JsonNode[1];
                // the same execution and step (and item of a forEach) always send the same key: a retried or resumed step does not write
                // twice where the API honours it
                ActionResult result = client.call(call.action(), List.of(record), context, id + ":" + call.name() + state.keySuffix,
                        body -> answer[0] = body);
                if (!result.allOk()) {
                    throw new FlowExecutor.StepFailed(502, "step '" + call.name() + "': action '" + call.action() + "' refused the record: "
                            + result.outcomes().getFirst().error());
                }
                return answer[0] == null ? NODES.objectNode().put("ok", true) : answer[0];
            }
            if (call.key() != null) {
                JsonNode key = state.flow.expressions().render(call.key(), state.context, at + ".key");
                FlowExecutor.given(state, NODES.objectNode().put("stream", call.stream()).set("id", key)); // not "key": a secret-looking name is redacted
                if (key == null || key.isNull() || key.isContainerNode() || key.asText().isBlank()) {
                    throw new FlowExecutor.StepFailed(500, "step '" + call.name() + "': the key (" + at + ".key) is " + (key == null ? "nothing" : key)
                            + "; expected a string or number");
                }
                Optional<JsonNode> record = client.fetchRecord(call.stream(), key.asText(), context);
                return record.orElse(NullNode.getInstance());
            }
            PageReader pages = client.readStream(call.stream(), ReadOptions.full(context));
            return pages.hasNext() ? executor.json().valueToTree(pages.next().records()) : NODES.arrayNode();
        } catch (FlowExecutor.StepFailed | MappingException e) {
            throw e;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new FlowExecutor.StepFailed(502, "step '" + call.name() + "': " + e.getMessage());
        }
    }
}
