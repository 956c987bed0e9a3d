package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.internal.InboxWorkers;
import dev.junction.store.InboxEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flows started by the triggers' machinery, as syncs are: a schedule's fire ({@code trigger: { schedule }},
 * through the run queue's scheduler, so one node takes each fire) and inbox events
 * ({@code trigger: { webhook: { connection, events } }}, stored by the webhook ingress for the target
 * {@code flow:NAME} and claimed by the inbox workers). Each fire or event starts one execution, with an
 * idempotency key made from the fire's time or the inbox event's id, so a fire or an event handled
 * twice (a worker that died after starting it) starts it once. See docs/flows.md, "Triggers".
 */
final class FlowTriggers implements InboxWorkers.Processor {
    /** The inbox target of a flow's events: {@value}NAME. */
    static final String TARGET = dev.junction.engine.internal.WebhookEvents.FLOW_TARGET;

    private final java.util.function.Supplier<Flows> flows;
    private final ObjectMapper json;

    FlowTriggers(java.util.function.Supplier<Flows> flows, ObjectMapper json) {
        this.flows = flows;
        this.json = json;
    }

    /**
     * Starts the flow for its schedule's fire due at {@code due}, with the input
     * {@code {"trigger": "schedule", "scheduledAt": due}}.
     *
     * @return the execution's id
     */
    String scheduled(String flow, Instant due) {
        ObjectNode input = json.createObjectNode().put("trigger", "schedule").put("scheduledAt", due.toString());
        return flows.get().start(new Flows.Request(flow, null, input, "schedule:" + due, null, Flows.Trigger.SCHEDULE)).execution().id();
    }

    /**
     * Starts one execution per event, in the event's tenant, with the input
     * {@code {"event": {"id", "type", "connection", "receivedAt"}, "payload": ...}}. An event is done
     * once its execution is stored (what the execution does is the execution's); an input the flow's
     * schema refuses, or a flow no longer applied, makes it a dead letter with the reason; a store
     * that fails leaves it to be tried again.
     */
    @Override
    public InboxWorkers.Result process(String target, String tenant, List<InboxEvent> events, InboxWorkers.Outcomes outcomes) {
        String flow = target.substring(TARGET.length());
        List<InboxEvent> done = new ArrayList<>();
        for (InboxEvent event : events) {
            try {
                JsonNode input = input(event);
                flows.get().start(new Flows.Request(flow, tenant, input, "inbox:" + event.id(), null, Flows.Trigger.WEBHOOK));
                done.add(event);
            } catch (Flows.InvalidInput | EngineException.NotFound | EngineException.Invalid e) {
                outcomes.dead(event, "flow '" + flow + "' was not started: " + e.getMessage());
            } catch (RuntimeException e) {
                outcomes.retry(event, "flow '" + flow + "' could not be started: " + e.getMessage());
            }
        }
        outcomes.done(done);
        return InboxWorkers.Result.ALL_FINISHED;
    }

    private JsonNode input(InboxEvent event) {
        ObjectNode about = json.createObjectNode();
        about.put("id", event.eventId());
        about.put("type", event.eventType());
        about.put("connection", event.source());
        about.put("receivedAt", event.receivedAt().toString());
        ObjectNode input = json.createObjectNode();
        input.set("event", about);
        try {
            input.set("payload", event.payload() == null ? json.nullNode() : json.readTree(event.payload()));
        } catch (IOException e) {
            throw new EngineException.Invalid("the event's payload is not JSON: " + e.getMessage());
        }
        return input;
    }
}
