package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.SyncSpec;
import java.time.Duration;
import java.util.Map;

/**
 * A flow's {@code trigger: { poll }}, and the checks of its {@code webhook} and {@code poll} triggers
 * against what else is loaded: the connection must be loaded, and a polled stream must be one the
 * connector declares that a poll can read (incremental, with a primary key, one read).
 */
final class FlowTriggerCheck {
    private FlowTriggerCheck() {}

    /** {@code poll: { connection, stream, every }} in the trigger; null when absent or malformed (reported). */
    static FlowSpec.Poll poll(Fields trigger) {
        Fields p = trigger.has("poll") ? trigger.fields("poll", false) : null;
        if (p == null) {
            return null;
        }
        p.allow(Schema.FLOW_POLL);
        String connection = p.string("connection", true);
        String stream = p.string("stream", true);
        Duration every = p.duration("every", true, null, true);
        if (every != null && every.compareTo(Duration.ofSeconds(1)) < 0) {
            p.problem("every", "expected at least 1s, found " + p.node("every").describe());
            return null;
        }
        return connection == null || stream == null || every == null ? null : new FlowSpec.Poll(connection, stream, every);
    }

    static void crossCheck(Fields root, FlowSpec flow, Map<String, ConnectionSpec> connections, Map<String, ConnectorSpec> connectors) {
        if (flow.trigger() == null) {
            return;
        }
        SyncSpec.Webhook webhook = flow.trigger().webhook();
        if (webhook != null) {
            connection(root, "webhook", webhook.connection(), connections);
        }
        FlowSpec.Poll poll = flow.trigger().poll();
        ConnectionSpec connection = poll == null ? null : connection(root, "poll", poll.connection(), connections);
        if (connection == null) {
            return;
        }
        ConnectorSpec connector = connection.connector() == null ? null : connectors.get(connection.connector());
        var stream = connector == null || connector.streams() == null ? null : connector.streams().get(poll.stream());
        var at = YamlNode.at(root.mapping(), "trigger", "poll", "stream").location();
        String which = "stream '" + poll.stream() + "' of connector '" + connection.connector() + "'";
        if (connector != null && stream == null) {
            root.problems().add(at, "trigger.poll.stream", "connector '" + connector.name() + "' (of connection '" + connection.name()
                    + "') has no stream '" + poll.stream() + "'"
                    + (connector.streams() == null ? "" : DidYouMean.hint(poll.stream(), connector.streams().keySet())));
        } else if (stream != null && stream.incremental() == null) {
            root.problems().add(at, "trigger.poll.stream", "a poll reads its stream incrementally, but " + which + " declares no incremental:;"
                    + " add incremental: { cursorField: updatedAt, param: updatedSince } (its names) to the stream, or use a schedule: instead");
        } else if (stream != null && stream.partitioned()) {
            root.problems().add(at, "trigger.poll.stream", "a poll reads its stream as one read, but " + which + " is a sub-stream or sliced,"
                    + " which polls cannot read yet; use a schedule: instead");
        } else if (stream != null && (stream.primaryKey() == null || stream.primaryKey().isBlank())) {
            root.problems().add(at, "trigger.poll.stream", "a poll names each change by its record's key, but " + which + " declares no primaryKey");
        }
    }

    /** The connection a trigger names; null (reported) when it is not loaded. */
    private static ConnectionSpec connection(Fields root, String trigger, String name, Map<String, ConnectionSpec> connections) {
        ConnectionSpec found = connections.get(name);
        if (found == null) {
            root.problems().add(YamlNode.at(root.mapping(), "trigger", trigger, "connection").location(), "trigger." + trigger + ".connection",
                    "unknown connection '" + name + "'" + ConnectionReader.known("connections", connections.keySet(), name));
        }
        return found;
    }
}
