package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventSubscription;
import dev.junction.store.FlowExecution;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callback URLs of asynchronous flow calls: when an execution started with one ends, its result is
 * POSTed there, signed per Standard Webhooks, retried and logged as an outbound event delivery.
 *
 * <p>A callback URL must lie below the URL of one of the caller's tenant's active event
 * subscriptions (the same URL, or one that goes on with {@code /}, {@code ?} or after a {@code /}):
 * that subscription's secret signs the callback, so the receiver verifies it as it verifies the
 * subscription's events, and its delivery log shows it. This also keeps callbacks where the tenant's
 * admin put subscriptions, under the same egress policy. The delivery is stored, parked, before the
 * execution runs (its id {@code msg_flow_EXECUTION}, the {@code webhook-id}) and released with the
 * result when the execution ends, whichever process ends it. See docs/flows.md, "Callbacks".
 */
public final class FlowCallbacks {
    /** The type of a callback's body ({@code {"type", "timestamp", "data"}}). */
    public static final String TYPE = "flow.execution.ended";
    private static final Logger LOG = LoggerFactory.getLogger(FlowCallbacks.class);

    private final Events events;
    private final ObjectMapper json;
    private final Clock clock;

    FlowCallbacks(Events events, ObjectMapper json, Clock clock) {
        this.events = Objects.requireNonNull(events, "events");
        this.json = json;
        this.clock = clock;
    }

    /**
     * The subscription whose secret signs a callback to {@code url} for {@code tenant} (null: the operator).
     *
     * @throws EngineException.Invalid when the URL is not one, is refused by the egress policy, or lies below no active subscription's URL
     */
    public EventSubscription check(String url, String tenant) {
        String checked;
        try {
            checked = events.checkedUrl(url, tenant);
        } catch (EngineException.Invalid e) {
            throw new EngineException.Invalid("callback" + e.getMessage().substring(e.getMessage().indexOf(':')));
        }
        return events.list(tenant).stream()
                .filter(s -> Objects.equals(s.tenant(), tenant) && s.status() == EventSubscription.Status.ACTIVE && below(checked, s.url()))
                .findFirst()
                .orElseThrow(() -> new EngineException.Invalid("callback: '" + url + "' lies below the URL of none of the active event subscriptions of "
                        + (tenant == null ? "the operator" : "tenant '" + tenant + "'") + "; create one whose URL the callback URL starts with"
                        + " (POST /api/v1/event-subscriptions): its secret signs the callback"));
    }

    /** Stores the callback of a new execution, parked until it ends. */
    void park(String executionId, EventSubscription subscription, String url, String tenant) {
        events.park(EventDelivery.parked(deliveryId(executionId), subscription.id(), TYPE, tenant, url, clock.instant()));
    }

    /** Sends the ended execution's callback, when it has one; never throws (its end is recorded whatever happens here). */
    void ended(FlowExecution execution) {
        if (execution == null || !execution.finished()) {
            return;
        }
        try {
            events.release(deliveryId(execution.id()), new Events.Event(TYPE, execution.tenant(), data(execution)));
        } catch (RuntimeException e) {
            LOG.warn("Flow execution {} ended {}, but its callback could not be stored: {}", execution.id(), execution.status().word(), e.getMessage());
        }
    }

    /** The id of an execution's callback delivery: its {@code webhook-id}. */
    public static String deliveryId(String executionId) {
        return "msg_flow_" + executionId;
    }

    private Map<String, Object> data(FlowExecution e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", e.id());
        data.put("flow", e.flow());
        data.put("version", e.version());
        data.put("tenant", e.tenant());
        data.put("status", e.status().word());
        data.put("responseStatus", e.responseStatus());
        data.put("output", parse(e.output()));
        data.put("error", e.error());
        data.put("finishedAt", e.updatedAt().toString());
        return data;
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    /** {@code url} is {@code base}, or goes on below it: after a {@code /} of the base, or with {@code /} or {@code ?}. */
    static boolean below(String url, String base) {
        if (!url.startsWith(base)) {
            return false;
        }
        if (url.length() == base.length() || base.endsWith("/")) {
            return true;
        }
        char next = url.charAt(base.length());
        return next == '/' || next == '?';
    }
}
