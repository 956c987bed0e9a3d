package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.engine.Runs;
import dev.junction.json.JsonPath;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.InboxEvent;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import dev.junction.sync.RunTriggers;
import dev.junction.sync.SyncAlreadyRunningException;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Processes a sync's inbox events: one run over their records, with the sync's mapping,
 * fingerprints, batches and dead letters, so an event is done only once its record is written,
 * unchanged, or a dead letter of that run. Webhook events run with trigger {@code webhook}, their
 * record read from the payload (see {@link RecordPicker}) or fetched; a poll's events
 * ({@link PollRead#isPoll}) with trigger {@code poll}, the payload being the record. A claim holding
 * both makes one run of each, the webhook events' first. A run that fails leaves the events of its
 * unaccounted pages to be tried again; a sync that is running leaves them all, to be tried again soon.
 */
public final class SyncEvents implements InboxWorkers.Processor {
    private final Supplier<LoadResult> definitions;
    private final Supplier<LoadResult> stored;
    private final Runs runs;
    private final ObjectMapper json;

    /** {@code recent}: the applied definitions as recently checked; {@code stored}: as stored now (asked before a sync is taken for gone). */
    public SyncEvents(Supplier<LoadResult> recent, Supplier<LoadResult> stored, Runs runs, ObjectMapper json) {
        this.definitions = recent;
        this.stored = stored;
        this.runs = runs;
        this.json = json;
    }

    @Override
    public InboxWorkers.Result process(String target, String tenant, List<InboxEvent> events, InboxWorkers.Outcomes outcomes) {
        String sync = WebhookEvents.syncOf(target);
        // the event processing's log lines name its sync and tenant (its run adds the rest)
        try (dev.junction.sync.RunLogContext tags = dev.junction.sync.RunLogContext.put(tagsOf(sync, tenant))) {
            return processTagged(target, sync, tenant, events, outcomes);
        }
    }

    private static java.util.Map<String, String> tagsOf(String sync, String tenant) {
        java.util.Map<String, String> tags = new java.util.HashMap<>();
        tags.put(dev.junction.sync.RunLogContext.SYNC, sync);
        tags.put(dev.junction.sync.RunLogContext.TENANT, tenant);
        return tags;
    }

    private InboxWorkers.Result processTagged(String target, String sync, String tenant, List<InboxEvent> events, InboxWorkers.Outcomes outcomes) {
        LoadResult applied = definitions.get();
        if (sync != null && !applied.syncs().containsKey(sync)) {
            applied = stored.get(); // applied by another process a moment ago?
        }
        SyncSpec spec = sync == null ? null : applied.syncs().get(sync);
        if (spec == null) {
            String reason = sync == null ? "no subscriber named '" + target + "' is known" : "sync '" + sync + "' is not applied (any more)";
            events.forEach(event -> outcomes.dead(event, reason + "; apply it, then replay the event"));
            return InboxWorkers.Result.ALL_FINISHED;
        }
        List<InboxEvent> polled = events.stream().filter(PollRead::isPoll).toList();
        List<InboxEvent> pushed = polled.isEmpty() ? events : events.stream().filter(e -> !PollRead.isPoll(e)).toList();
        InboxWorkers.Result result = InboxWorkers.Result.ALL_FINISHED;
        if (!pushed.isEmpty()) {
            result = spec.triggers() != null && spec.triggers().webhook() != null && spec.triggers().webhook().run()
                    ? readSource(applied, spec, tenant, pushed, outcomes) : run(applied, spec, tenant, pushed, RunTriggers.WEBHOOK, outcomes);
        }
        if (!polled.isEmpty()) {
            InboxWorkers.Result polls = run(applied, spec, tenant, polled, RunTriggers.POLL, outcomes);
            result = result == InboxWorkers.Result.ALL_FINISHED ? polls : result;
        }
        return result;
    }

    /**
     * Events that carry no record ({@code on.webhook.run}): one run of the sync reading its source as a
     * scheduled run does, with trigger {@code webhook}; the events are done once it succeeded (or partly),
     * tried again when the sync was running (a run that began before the change may not have seen it).
     */
    private InboxWorkers.Result readSource(LoadResult applied, SyncSpec spec, String tenant, List<InboxEvent> events, InboxWorkers.Outcomes outcomes) {
        RunRecord run;
        try {
            run = runs.run(applied, new Runs.Request(spec.name(), spec.perTenant() ? tenant : null, RunTriggers.WEBHOOK, false), RunListener.NONE).run();
        } catch (SyncAlreadyRunningException e) {
            return new InboxWorkers.Result(true, "sync '" + spec.name() + "' was running; tried again when it is free");
        } catch (JunctionException e) {
            return new InboxWorkers.Result(false, "sync '" + spec.name() + "' could not run: " + e.getMessage());
        }
        if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL) {
            outcomes.done(events);
            return InboxWorkers.Result.ALL_FINISHED;
        }
        return new InboxWorkers.Result(false, "run " + run.id() + " " + run.status().name().toLowerCase(java.util.Locale.ROOT)
                + (run.error() == null ? "" : ": " + run.error()));
    }

    /** One run of the sync over {@code events}, all webhook events or all poll events ({@code trigger}). */
    private InboxWorkers.Result run(LoadResult applied, SyncSpec spec, String tenant, List<InboxEvent> events, String trigger,
            InboxWorkers.Outcomes outcomes) {
        String sync = spec.name();
        RecordPicker picker = new RecordPicker(applied, json);
        int pageSize = spec.batch() == null ? 100 : spec.batch().size();
        EventRecords.UnusableSink unusable = (event, why) -> {
            switch (why.kind()) {
                case RETRY -> outcomes.retry(event, why.getMessage());
                case DEAD -> outcomes.dead(event, why.getMessage());
                case GONE -> outcomes.done(List.of(event));
            }
        };
        boolean poll = RunTriggers.POLL.equals(trigger);
        boolean fetch = !poll && spec.triggers() != null && spec.triggers().webhook() != null && spec.triggers().webhook().fetch();
        EventRecords.Resolver resolver = poll ? picker::wholePayload : picker::record;
        RunRecord run;
        try {
            run = runs.runGiven(applied, new Runs.Request(sync, spec.perTenant() ? tenant : null, trigger, false),
                    fetcher -> new EventRecords(events, pageSize, fetch ? event -> fetched(fetcher, event) : resolver, outcomes::done, unusable),
                    RunListener.NONE);
        } catch (SyncAlreadyRunningException e) {
            return new InboxWorkers.Result(true, "sync '" + sync + "' was running; tried again when it is free");
        } catch (JunctionException e) {
            return new InboxWorkers.Result(false, "sync '" + sync + "' could not run: " + e.getMessage());
        }
        if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL) {
            return InboxWorkers.Result.ALL_FINISHED;
        }
        return new InboxWorkers.Result(false, "run " + run.id() + " " + run.status().name().toLowerCase(java.util.Locale.ROOT)
                + (run.error() == null ? "" : ": " + run.error()));
    }

    /** The event's record as the source's API has it now, fetched by the event's record key through the stream's {@code get:}. */
    private static JsonNode fetched(dev.junction.runtime.PlannedSync.Fetcher fetcher, InboxEvent event) {
        if (event.recordKey() == null) {
            throw new EventRecords.Unusable("the event names no record key (the connector's webhooks.recordKey), so its record cannot be fetched",
                    EventRecords.Unusable.Kind.DEAD);
        }
        try {
            return fetcher.fetch(event.recordKey()).orElseThrow(() -> new EventRecords.Unusable("record '" + event.recordKey()
                    + "' is gone at the source", EventRecords.Unusable.Kind.GONE));
        } catch (dev.junction.http.ApiException e) {
            EventRecords.Unusable.Kind kind = e.category() == dev.junction.http.ApiError.Category.PERMANENT ? EventRecords.Unusable.Kind.DEAD
                    : EventRecords.Unusable.Kind.RETRY;
            throw new EventRecords.Unusable("fetching record '" + event.recordKey() + "' failed: " + e.getMessage(), kind);
        } catch (JunctionException e) {
            throw new EventRecords.Unusable("fetching record '" + event.recordKey() + "' failed: " + e.getMessage(), EventRecords.Unusable.Kind.DEAD);
        }
    }

    /** Reads an event's record from its payload: at the connector's {@code webhooks.record} path, or the whole payload. */
    static final class RecordPicker {
        private final LoadResult applied;
        private final ObjectMapper json;
        private final java.util.Map<String, java.util.Optional<JsonPath>> paths = new java.util.concurrent.ConcurrentHashMap<>();

        RecordPicker(LoadResult applied, ObjectMapper json) {
            this.applied = applied;
            this.json = json;
        }

        JsonNode record(InboxEvent event) {
            JsonNode payload = payload(event);
            java.util.Optional<JsonPath> path = paths.computeIfAbsent(event.source(), this::recordPath);
            JsonNode record = path.map(p -> p.find(payload)).orElse(payload);
            if (record == null || !record.isObject()) {
                throw new EventRecords.Unusable(path.map(p -> "the event's payload holds no object at " + p + " (the connector's webhooks.record)")
                        .orElse("the event's payload is not a JSON object, so it is no record"), EventRecords.Unusable.Kind.DEAD);
            }
            return record;
        }

        /** The whole payload as the record: a poll's event, which holds the record as read. */
        JsonNode wholePayload(InboxEvent event) {
            JsonNode payload = payload(event);
            if (!payload.isObject()) {
                throw new EventRecords.Unusable("the event's payload is not a JSON object, so it is no record", EventRecords.Unusable.Kind.DEAD);
            }
            return payload;
        }

        private JsonNode payload(InboxEvent event) {
            try {
                return json.readTree(event.payload());
            } catch (IOException e) {
                throw new EventRecords.Unusable("the event's stored payload is not JSON: " + e.getMessage(), EventRecords.Unusable.Kind.DEAD);
            }
        }

        /** The connector's {@code webhooks.record} path for events of connection {@code connection}, if it names one. */
        private java.util.Optional<JsonPath> recordPath(String connection) {
            ConnectionSpec spec = applied.connections().get(connection);
            ConnectorSpec connector = spec == null || spec.connector() == null ? null : applied.connectors().get(spec.connector());
            return connector == null || connector.webhooks() == null || connector.webhooks().record() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(JsonPath.parse(connector.webhooks().record()));
        }
    }
}
