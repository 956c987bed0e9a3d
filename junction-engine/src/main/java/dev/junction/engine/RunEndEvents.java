package dev.junction.engine;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterRepository;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of a run's end, emitted by the store's run-end hook ({@code JdbcStore.onRunEnded}),
 * which every end passes whoever records it: {@code run.succeeded} (succeeded or partial),
 * {@code run.failed}, {@code run.cancelled} or {@code run.abandoned}, with the run's counters and its
 * count of dead letters; and one {@code record.dead_lettered} for each of its first
 * {@link Events.Settings#deadLettersPerRun()} dead letters (the run's event carries the full count).
 * All in one transaction, after the run's end is committed.
 */
final class RunEndEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RunEndEvents.class);

    private final Events events;
    private final DeadLetterRepository deadLetters;

    RunEndEvents(Events events, DeadLetterRepository deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    void ended(RunRecord run) {
        EventType type = switch (run.status()) {
            case SUCCEEDED, PARTIAL -> EventType.RUN_SUCCEEDED;
            case FAILED -> EventType.RUN_FAILED;
            case CANCELLED -> EventType.RUN_CANCELLED;
            case ABANDONED -> EventType.RUN_ABANDONED;
            case QUEUED, RUNNING -> null;
        };
        if (type == null) {
            return;
        }
        try {
            int cap = events.settings().deadLettersPerRun();
            long count = run.counters().failed() > 0 ? deadLetters.countOpen(run.sync(), run.tenant(), run.id()) : 0;
            List<DeadLetter> first = count > 0 && cap > 0 ? deadLetters.open(run.sync(), run.tenant(), run.id(), 0, cap) : List.of();
            List<Events.Event> emitted = new ArrayList<>();
            emitted.add(new Events.Event(type.wireName(), run.tenant(), runData(run, count)));
            for (DeadLetter d : first) {
                emitted.add(new Events.Event(EventType.RECORD_DEAD_LETTERED.wireName(), run.tenant(), deadLetterData(d)));
            }
            events.emitAll(emitted);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of sync '{}' ended {}, but its events could not be stored: {}", run.id(), run.sync(), run.status(), e.getMessage());
        }
    }

    static Map<String, Object> runData(RunRecord run, long deadLetters) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", run.id());
        data.put("sync", run.sync());
        data.put("tenant", run.tenant());
        data.put("trigger", run.trigger());
        data.put("status", run.status().name().toLowerCase(Locale.ROOT));
        data.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
        data.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        data.put("attempt", run.queued() == null ? 1 : run.queued().attempt());
        RunCounters c = run.counters();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("read", c.read());
        counters.put("inserted", c.inserted());
        counters.put("updated", c.updated());
        counters.put("unchanged", c.unchanged());
        counters.put("skipped", c.skipped());
        counters.put("failed", c.failed());
        counters.put("deleted", c.deleted());
        counters.put("retries", c.retries());
        counters.put("throttled", c.throttled());
        data.put("counters", counters);
        data.put("deadLetters", deadLetters);
        data.put("error", run.status() == RunStatus.SUCCEEDED ? null : run.error());
        return data;
    }

    private static Map<String, Object> deadLetterData(DeadLetter d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deadLetterId", d.id());
        data.put("runId", d.runId());
        data.put("sync", d.sync());
        data.put("tenant", d.tenant());
        data.put("recordKey", d.recordKey());
        data.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
        data.put("reason", d.reason());
        data.put("at", d.at().toString());
        return data;
    }
}
