package dev.junction.spec.internal;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ScheduleSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a sync's {@code schedule:} and {@code on:} keys, and checks that a webhook trigger's connection is applied. */
public final class ScheduleReader {
    private ScheduleReader() {}

    /** {@code schedule: "*&#47;15 * * * *"} or {@code schedule: { cron | every, zone, overlap, catchUp }}; null when absent or wrong. */
    public static ScheduleSpec schedule(Fields root) {
        YamlNode node = root.node("schedule");
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            String cron = cron(root, "schedule", scalar.text());
            return cron == null ? null : new ScheduleSpec(cron, null, null, null, null);
        }
        if (!(node instanceof YamlNode.Mapping)) {
            root.problem("schedule", "expected a cron expression such as \"*/15 * * * *\", or a mapping { cron: ..., zone: ... } or"
                    + " { every: 15m }, found " + node.describe());
            return null;
        }
        Fields s = root.fields("schedule", false);
        s.allow(Schema.SYNC_SCHEDULE);
        boolean hasCron = s.has("cron");
        boolean hasEvery = s.has("every");
        if (hasCron == hasEvery) {
            root.problem("schedule", hasCron ? "expected either cron or every, found both"
                    : "expected cron (such as \"0 6 * * MON-FRI\") or every (such as 15m), found neither");
            return null;
        }
        String cron = null;
        Duration every = null;
        boolean ok = true;
        if (hasCron) {
            String text = s.string("cron", true);
            cron = text == null ? null : cron(s, "cron", text);
            ok = cron != null;
        } else {
            every = s.duration("every", true, null, true);
            if (every != null && every.compareTo(ScheduleSpec.MIN_EVERY) < 0) {
                s.problem("every", "expected at least 1s, found " + s.node("every").describe());
                every = null;
            }
            ok = every != null;
        }
        ZoneId zone = null;
        if (s.has("zone")) {
            if (hasEvery) {
                s.problem("zone", "a zone only applies to a cron expression; 'every' counts from the last fire, whatever the zone; remove zone");
                ok = false;
            } else {
                zone = zone(s);
                ok &= zone != null;
            }
        }
        String overlap = s.oneOf("overlap", Schema.SCHEDULE_OVERLAP, "skip");
        String catchUp = s.oneOf("catchUp", Schema.SCHEDULE_CATCH_UP, "one");
        if (!ok || overlap == null || catchUp == null) {
            return null;
        }
        return new ScheduleSpec(cron, every, zone, ScheduleSpec.Overlap.valueOf(overlap.toUpperCase(Locale.ROOT)),
                ScheduleSpec.CatchUp.valueOf(catchUp.toUpperCase(Locale.ROOT)));
    }

    /** The expression when db-scheduler's cron support takes it; null with a problem otherwise. */
    private static String cron(Fields fields, String key, String text) {
        String problem = ScheduleSpec.cronProblem(text);
        if (problem != null) {
            fields.problem(key, problem);
            return null;
        }
        return text.strip();
    }

    /** A zone id such as {@code Europe/Berlin} or {@code UTC}; null with a problem (and a suggestion) otherwise. */
    private static ZoneId zone(Fields s) {
        String text = s.string("zone", true);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            s.problem("zone", "unknown time zone '" + text + "'" + zoneHint(text.strip())
                    + "; expected a region such as Europe/Berlin or America/New_York, or UTC");
            return null;
        }
    }

    private static String zoneHint(String text) {
        Set<String> zones = ZoneId.getAvailableZoneIds();
        for (String zone : zones) {
            if (zone.equalsIgnoreCase(text) || zone.toLowerCase(Locale.ROOT).endsWith("/" + text.toLowerCase(Locale.ROOT).replace(' ', '_'))) {
                return "; did you mean '" + zone + "'?";
            }
        }
        return DidYouMean.hint(text, zones);
    }

    /** {@code on: { webhook: { connection, events }, poll: { every } }}; {@link SyncSpec.Triggers#NONE} when absent or wrong. */
    public static SyncSpec.Triggers triggers(Fields root) {
        if (!root.has("on")) {
            return SyncSpec.Triggers.NONE;
        }
        Fields on = root.fields("on", false);
        if (on == null) {
            return SyncSpec.Triggers.NONE;
        }
        on.allow(Schema.SYNC_ON);
        if (!on.has("webhook") && !on.has("poll")) {
            root.problem("on", "expected webhook: { connection, events } or poll: { every }, found neither");
            return SyncSpec.Triggers.NONE;
        }
        SyncSpec.Webhook webhook = null;
        Fields w = on.has("webhook") ? on.fields("webhook", false) : null;
        if (w != null) {
            w.allow(Schema.ON_WEBHOOK);
            String connection = w.string("connection", false);
            List<String> events = events(w);
            Boolean fetch = w.bool("fetch", false);
            Boolean run = w.bool("run", false);
            if (Boolean.TRUE.equals(fetch) && Boolean.TRUE.equals(run)) {
                w.problem("run", "run: true reads the source for changes when an event comes, fetch: true reads each event's record by its key;"
                        + " give one of them");
                run = null;
            }
            if ((connection != null || !w.has("connection")) && events != null && fetch != null && run != null) {
                webhook = new SyncSpec.Webhook(connection, events, fetch, run);
            }
        }
        SyncSpec.Poll poll = null;
        Fields p = on.has("poll") ? on.fields("poll", false) : null;
        if (p != null) {
            p.allow(Schema.ON_POLL);
            Duration every = p.duration("every", true, null, true);
            if (every != null && every.compareTo(Duration.ofSeconds(1)) < 0) {
                p.problem("every", "expected at least 1s, found " + p.node("every").describe());
            } else if (every != null) {
                poll = new SyncSpec.Poll(every);
            }
        }
        return new SyncSpec.Triggers(webhook, poll);
    }

    /** {@code events: [contact.*, deal.created]} (or one pattern as a string); null with a problem when malformed. */
    static List<String> events(Fields w) {
        YamlNode node = w.node("events");
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String path = node instanceof YamlNode.Sequence ? w.child("events") + "[" + i + "]" : w.child("events");
            if (!(item instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank() || s.text().strip().contains(" ")) {
                w.problems().add(item.location(), path, "expected an event type pattern such as contact.* or deal.created, found " + item.describe());
                return null;
            }
            events.add(s.text().strip());
        }
        return events;
    }

    /**
     * A webhook trigger names an applied connection, of the connector the sync reads from when that
     * is known (events of another API would not fit the sync's stream).
     */
    public static void crossCheck(Fields root, SyncSpec spec, Map<String, ConnectionSpec> connections,
            Map<String, dev.junction.spec.ConnectorSpec> connectors) {
        checkPoll(root, spec, connections, connectors);
        SyncSpec.Webhook webhook = spec.triggers().webhook();
        if (webhook == null || !(root.node("on") instanceof YamlNode.Mapping on) || !(on.get("webhook") instanceof YamlNode.Mapping w)) {
            return;
        }
        SourceLocation at = w.get("connection") == null ? w.location() : w.get("connection").location();
        if (webhook.connection() == null) {
            String connector = sourceConnector(spec, connections);
            if (spec.source() != null && spec.source().connection() == null && spec.source().connector() == null) {
                root.problems().add(at, "on.webhook.connection", "the sync reads no connector stream, so name the connection whose webhooks it takes");
            } else if (connector != null) {
                checkConnector(root, at, spec, webhook, connector, connectors);
            }
            return;
        }
        ConnectionSpec found = connections.get(webhook.connection());
        if (found == null) {
            root.problems().add(at, "on.webhook.connection", "unknown connection '" + webhook.connection() + "'"
                    + ConnectionReader.known("connections", connections.keySet(), webhook.connection()));
            return;
        }
        String sourceConnector = sourceConnector(spec, connections);
        if (sourceConnector != null && found.connector() != null && !sourceConnector.equals(found.connector())) {
            root.problems().add(at, "on.webhook.connection", "connection '" + webhook.connection() + "' is of connector '" + found.connector()
                    + "', but the sync reads from connector '" + sourceConnector + "'; name a connection of '" + sourceConnector + "'");
        } else if (found.connector() != null) {
            checkConnector(root, at, spec, webhook, found.connector(), connectors);
        }
    }

    /**
     * A poll trigger reads a connector stream for changes, incrementally and as one read: the stream
     * declares {@code incremental:} (its cursor is the poll's), a primary key (each change's record
     * key), and is neither a sub-stream nor sliced.
     */
    private static void checkPoll(Fields root, SyncSpec spec, Map<String, ConnectionSpec> connections,
            Map<String, dev.junction.spec.ConnectorSpec> connectors) {
        if (spec.triggers().poll() == null || !(root.node("on") instanceof YamlNode.Mapping on) || on.get("poll") == null) {
            return;
        }
        SourceLocation at = on.get("poll").location();
        if (spec.source() == null || spec.source().stream() == null || spec.source().sql() != null || spec.source().file() != null) {
            root.problems().add(at, "on.poll", "a poll reads a connector stream for changes, but this sync reads "
                    + (spec.source() != null && spec.source().sql() != null ? "a SQL query" : spec.source() != null && spec.source().file() != null
                            ? "a file" : "no stream") + "; use a schedule: instead");
            return;
        }
        String connectorName = sourceConnector(spec, connections);
        dev.junction.spec.ConnectorSpec connector = connectorName == null ? null : connectors.get(connectorName);
        var stream = connector == null || connector.streams() == null ? null : connector.streams().get(spec.source().stream());
        if (stream == null) {
            return; // reported where the sync names it
        }
        String which = "stream '" + stream.name() + "' of connector '" + connectorName + "'";
        if (stream.incremental() == null) {
            root.problems().add(at, "on.poll", "a poll reads its stream incrementally, but " + which + " declares no incremental:;"
                    + " add incremental: { cursorField: updatedAt, param: updatedSince } (its names) to the stream, or use a schedule: instead");
        } else if (stream.partitioned()) {
            root.problems().add(at, "on.poll", "a poll reads its stream as one read, but " + which + " is "
                    + (stream.parent() != null ? "a sub-stream (parent:)" : "sliced (slice:)") + ", which polls cannot read yet; use a schedule: instead");
        } else if (stream.primaryKey() == null || stream.primaryKey().isBlank()) {
            root.problems().add(at, "on.poll", "a poll names each change by its record's key, but " + which + " declares no primaryKey");
        }
    }

    /** The connector takes webhooks ({@code webhooks:}); a fetching subscription's stream can fetch one record ({@code get:}). */
    private static void checkConnector(Fields root, SourceLocation at, SyncSpec spec, SyncSpec.Webhook webhook, String connectorName,
            Map<String, dev.junction.spec.ConnectorSpec> connectors) {
        dev.junction.spec.ConnectorSpec connector = connectors.get(connectorName);
        if (connector == null) {
            return; // reported where the sync names it
        }
        if (connector.webhooks() == null) {
            root.problems().add(at, "on.webhook", "connector '" + connectorName + "' declares no webhooks: section, so no event can reach this sync;"
                    + " add webhooks: { verify: ... } to the connector");
            return;
        }
        String stream = spec.source() == null ? null : spec.source().stream();
        var streamSpec = stream == null || connector.streams() == null ? null : connector.streams().get(stream);
        if (webhook.fetch() && streamSpec != null && streamSpec.get() == null) {
            root.problems().add(at, "on.webhook.fetch", "fetch: true reads each event's record by its key through the stream's get:, but stream '"
                    + stream + "' of connector '" + connectorName + "' declares none; add get: { path: \"/.../{{ id }}\" } to the stream");
        }
        if (webhook.fetch() && connector.webhooks().recordKey() == null) {
            root.problems().add(at, "on.webhook.fetch", "fetch: true needs the record's key from each event, but connector '" + connectorName
                    + "' names no webhooks.recordKey");
        }
    }

    private static String sourceConnector(SyncSpec spec, Map<String, ConnectionSpec> connections) {
        if (spec.source() == null) {
            return null;
        }
        if (spec.source().connector() != null) {
            return spec.source().connector();
        }
        ConnectionSpec source = spec.source().connection() == null ? null : connections.get(spec.source().connection());
        return source == null || spec.source().sql() != null ? null : source.connector();
    }
}
