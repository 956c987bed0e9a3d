package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecutionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The {@code forEach} step: its steps once per item of {@code over}, at most {@code concurrency}
 * items at once, each item with its own context ({@code input}, the steps before the forEach, the
 * item under its {@code as} name, and the item's own steps). Items' steps get no rows of their own:
 * the forEach's row holds every item's result, {@code {"items": [{index, status, output | error}]}},
 * where an item's {@code output} is its steps' outputs by name. Their calls carry
 * {@code EXECUTION:STEP:INDEX} as idempotency key, so a rerun forEach does not write an item twice
 * where the API honours the key. When any item failed the step fails, listing the failed items
 * (with {@code onError: catch} its error holds every item's result).
 */
final class FlowForEach {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int SHOWN_FAILURES = 3;

    private FlowForEach() {}

    static JsonNode run(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.ForEach forEach, String at) {
        JsonNode over = state.flow.expressions().render(forEach.over(), state.context, at + ".over");
        FlowExecutor.given(state, over);
        List<JsonNode> items = new ArrayList<>();
        if (over != null && over.isArray()) {
            over.forEach(items::add);
        } else if (over != null && !over.isNull() && !over.isMissingNode()) {
            items.add(over); // JSONata gives one value where a path matches once
        }
        int limit = state.flow.spec().limits().items();
        if (items.size() > limit) {
            throw new FlowExecutor.StepFailed(500, "step '" + forEach.name() + "': " + at + ".over has " + items.size()
                    + " items, more than the flow's limit of " + limit + " (limits.items)");
        }
        ObjectNode[] results = new ObjectNode[items.size()];
        if (forEach.concurrency() <= 1 || items.size() <= 1) {
            for (int i = 0; i < items.size(); i++) {
                results[i] = item(executor, state, forEach, at, i, items.get(i));
            }
        } else {
            parallel(executor, state, forEach, at, items, results);
        }
        ArrayNode list = NODES.arrayNode();
        List<String> failures = new ArrayList<>();
        int status = 0;
        for (ObjectNode result : results) {
            list.add(result);
            if ("failed".equals(result.path("status").asText())) {
                failures.add("[" + result.path("index").asInt() + "] " + result.path("error").path("message").asText());
                status = status == 0 ? result.path("error").path("status").asInt(500) : status;
            }
        }
        ObjectNode output = NODES.objectNode().set("items", list);
        if (!failures.isEmpty()) {
            throw new FlowExecutor.StepFailed(status, "step '" + forEach.name() + "': " + failures.size() + " of " + items.size() + " items failed: "
                    + String.join("; ", failures.subList(0, Math.min(SHOWN_FAILURES, failures.size())))
                    + (failures.size() > SHOWN_FAILURES ? "; ..." : ""), output);
        }
        return output;
    }

    /** Runs the items on virtual threads, at most {@code concurrency} at once, each result in its place. */
    private static void parallel(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.ForEach forEach, String at, List<JsonNode> items,
            ObjectNode[] results) {
        Semaphore permits = new Semaphore(forEach.concurrency());
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flow-item-", 0).factory())) {
            List<Future<ObjectNode>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        return item(executor, state, forEach, at, index, items.get(index));
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results[i] = futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new FlowExecutor.StepFailed(500, "step '" + forEach.name() + "': interrupted");
                }
            }
        }
    }

    /** One item: its steps in its own context; {@code {index, status, output}} or {@code {index, status, error}}. */
    private static ObjectNode item(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.ForEach forEach, String at, int index,
            JsonNode value) {
        ObjectNode context = NODES.objectNode();
        context.set("input", state.context.get("input"));
        ObjectNode steps = NODES.objectNode();
        steps.setAll((ObjectNode) state.context.get("steps"));
        context.set("steps", steps);
        context.set(forEach.as(), value);
        FlowExecutor.Execution item = state.item(context, ":" + index);
        ObjectNode result = NODES.objectNode().put("index", index);
        try {
            FlowExecutor.Ending ending = executor.steps(item, forEach.steps(), at + ".steps");
            if (ending != null && ending.status() == FlowExecutionStatus.FAILED) {
                return result.put("status", "failed").set("error", NODES.objectNode().put("message", ending.error())
                        .put("status", ending.responseStatus() == null ? 500 : ending.responseStatus()));
            }
        } catch (FlowExecutor.StepFailed failed) {
            return result.put("status", "failed").set("error", NODES.objectNode().put("message", failed.getMessage()).put("status", failed.status));
        }
        ObjectNode outputs = NODES.objectNode();
        JsonNode before = state.context.get("steps");
        steps.properties().forEach(e -> {
            if (!before.has(e.getKey())) {
                outputs.set(e.getKey(), e.getValue().get("output"));
            }
        });
        return result.put("status", "succeeded").set("output", outputs);
    }
}
