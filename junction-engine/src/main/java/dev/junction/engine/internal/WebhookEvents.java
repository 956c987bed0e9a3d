package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.webhook.WebhookResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an accepted webhook delivery into inbox events: one per sync that subscribes to its
 * connection and event type ({@code on: { webhook: ... }}), or one without a target (stored as
 * ignored, so the delivery stays visible) when none does. A sync subscribes to the events of the
 * connection its {@code on.webhook.connection} names, or, when it names none, of its source's
 * connection; a per-tenant sync naming none subscribes to each tenant's connection of its source's
 * connector, and a tenant's event runs that tenant's sync.
 */
public final class WebhookEvents {
    /** The target of a sync's events in the inbox: {@value}NAME. */
    public static final String SYNC_TARGET = "sync:";
    /** The target of a flow's events in the inbox: {@value}NAME. */
    public static final String FLOW_TARGET = "flow:";

    /** Where accepted events go: durably stored when it returns. */
    @FunctionalInterface
    public interface Sink {
        List<Appended> accept(List<NewEvent> events);
    }

    /** What was stored: the targets, and whether every one of them had the event already. */
    public record Stored(List<String> targets, boolean duplicate) {}

    private final Sink inbox;
    private final ObjectMapper json;
    private final Runnable stored;

    /** {@code stored} is told after events were stored (to wake this process's workers). */
    public WebhookEvents(Sink inbox, ObjectMapper json, Runnable stored) {
        this.inbox = inbox;
        this.json = json;
        this.stored = stored;
    }

    /**
     * One accepted event and where it goes: received through (or routed to) {@code connection};
     * {@code unrouted} is why it is stored ignored (an app-level event whose routing value no
     * connection has), or null.
     */
    public record Routed(String connection, String tenant, WebhookResult.Accepted accepted, String unrouted) {}

    /**
     * Stores each event for its subscribers (an unrouted one once, ignored), all in one append:
     * durable together when it returns. {@code applied} may be null when every event is unrouted.
     *
     * @return what was stored of each, in order
     */
    public List<Stored> storeAll(LoadResult applied, List<Routed> routed, Instant receivedAt) {
        List<NewEvent> events = new ArrayList<>();
        List<List<String>> targetsOf = new ArrayList<>(routed.size());
        List<Integer> counts = new ArrayList<>(routed.size());
        for (Routed r : routed) {
            WebhookResult.Accepted accepted = r.accepted();
            byte[] payload = payload(accepted);
            if (r.unrouted() != null) {
                events.add(new NewEvent(r.connection(), r.tenant(), accepted.eventId(), accepted.eventType(), accepted.recordKey(), null, payload,
                        receivedAt, false, r.unrouted()));
                targetsOf.add(List.of());
                counts.add(1);
                continue;
            }
            ConnectionSpec spec = applied.connections().get(r.connection());
            ConnectorSpec connector = spec == null || spec.connector() == null ? null : applied.connectors().get(spec.connector());
            boolean ordered = connector != null && connector.webhooks() != null && connector.webhooks().ordered();
            List<String> targets = subscribers(applied, spec, accepted.eventType());
            for (String target : targets.isEmpty() ? java.util.Collections.<String>singletonList(null) : targets) {
                events.add(new NewEvent(r.connection(), r.tenant(), accepted.eventId(), accepted.eventType(), accepted.recordKey(), target, payload,
                        receivedAt, ordered && accepted.recordKey() != null));
            }
            targetsOf.add(targets);
            counts.add(Math.max(1, targets.size()));
        }
        List<Appended> answers = events.isEmpty() ? List.of() : inbox.accept(events);
        List<Stored> out = new ArrayList<>(routed.size());
        boolean wake = false;
        int at = 0;
        for (int i = 0; i < routed.size(); i++) {
            boolean duplicate = answers.subList(at, at + counts.get(i)).stream().allMatch(Appended::duplicate);
            at += counts.get(i);
            wake |= !duplicate && !targetsOf.get(i).isEmpty();
            out.add(new Stored(targetsOf.get(i), duplicate));
        }
        if (wake) {
            stored.run();
        }
        return out;
    }

    private byte[] payload(WebhookResult.Accepted accepted) {
        try {
            return json.writeValueAsBytes(accepted.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed webhook payload could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The targets ({@code sync:NAME}) of the syncs that subscribe to events of {@code type} from
     * {@code connection}, by name, then ({@code flow:NAME}) those of the flows whose
     * {@code trigger: { webhook }} names the connection and matches the type.
     */
    public static List<String> subscribers(LoadResult applied, ConnectionSpec connection, String type) {
        if (connection == null) {
            return List.of();
        }
        List<String> targets = new ArrayList<>();
        applied.syncs().values().stream().sorted(java.util.Comparator.comparing(SyncSpec::name)).forEach(sync -> {
            SyncSpec.Webhook webhook = sync.triggers() == null ? null : sync.triggers().webhook();
            if (webhook != null && typeMatches(webhook, type) && subscribes(sync, webhook, connection)) {
                targets.add(SYNC_TARGET + sync.name());
            }
        });
        applied.flows().values().stream().sorted(java.util.Comparator.comparing(dev.junction.spec.FlowSpec::name)).forEach(flow -> {
            SyncSpec.Webhook webhook = flow.trigger() == null ? null : flow.trigger().webhook();
            if (webhook != null && typeMatches(webhook, type) && connection.name().equals(webhook.connection())) {
                targets.add(FLOW_TARGET + flow.name());
            }
        });
        return targets;
    }

    /** The sync an inbox target names, or null when it names none. */
    public static String syncOf(String target) {
        return target != null && target.startsWith(SYNC_TARGET) ? target.substring(SYNC_TARGET.length()) : null;
    }

    private static boolean typeMatches(SyncSpec.Webhook webhook, String type) {
        return type == null ? webhook.events().contains("*") : webhook.matches(type);
    }

    private static boolean subscribes(SyncSpec sync, SyncSpec.Webhook webhook, ConnectionSpec connection) {
        if (webhook.connection() != null) {
            return connection.name().equals(webhook.connection());
        }
        if (sync.source() == null) {
            return false;
        }
        if (connection.name().equals(sync.source().connection())) {
            return true; // no connection named: the sync's source connection's events
        }
        // a per-tenant sync reading the connection's connector: each tenant's connection of it feeds that tenant's runs
        return connection.connector() != null
                && connection.connector().equals(sync.source().connector()) && connection.tenant() != null;
    }
}
