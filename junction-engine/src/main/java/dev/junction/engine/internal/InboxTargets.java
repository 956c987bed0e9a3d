package dev.junction.engine.internal;

import dev.junction.store.InboxEvent;
import java.util.List;

/**
 * Where the inbox workers hand a target's claimed events: a flow's target ({@code flow:NAME},
 * {@link WebhookEvents#FLOW_TARGET}) starts the flow's executions; every other target is a sync's.
 *
 * @param flows processes the events of a flow's target
 * @param syncs processes the events of a sync's target
 */
public record InboxTargets(InboxWorkers.Processor flows, InboxWorkers.Processor syncs) implements InboxWorkers.Processor {
    @Override
    public InboxWorkers.Result process(String target, String tenant, List<InboxEvent> events, InboxWorkers.Outcomes outcomes) {
        return target != null && target.startsWith(WebhookEvents.FLOW_TARGET) ? flows.process(target, tenant, events, outcomes)
                : syncs.process(target, tenant, events, outcomes);
    }
}
