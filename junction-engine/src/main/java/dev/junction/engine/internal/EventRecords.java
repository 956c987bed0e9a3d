package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.InboxEvent;
import dev.junction.sync.RecordSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Claimed inbox events as a sync's source: each page holds their records (a sync's batch size of
 * them), in the order the events arrived. When a page is accounted for (each of its records written,
 * unchanged or a dead letter of the run), its events are {@code done}. Of several events about one
 * record key, only the newest's record is read (the older ones say less): they are done with it.
 * An event whose record cannot be had goes to {@code unusable}, with the reason, and is not read.
 */
public final class EventRecords implements RecordSource {
    /** The record of an event, or why there is none. */
    @FunctionalInterface
    public interface Resolver {
        /** @throws Unusable when the event cannot give a record (the reason is kept with the event) */
        JsonNode record(InboxEvent event);
    }

    /** An event that gives no record: its payload lacks it, fetching it failed, or the record is gone. */
    public static final class Unusable extends RuntimeException {
        /** What becomes of such an event. */
        public enum Kind {
            /** Trying again later may succeed (a fetch that failed for a network reason, say). */
            RETRY,
            /** It never will: the event is dead, with the reason. */
            DEAD,
            /** The record is gone at the source: the event is done, there is nothing to write. */
            GONE
        }

        private final Kind kind;

        public Unusable(String reason, Kind kind) {
            super(reason, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final List<List<InboxEvent>> groups;
    private final int pageSize;
    private final Resolver resolver;
    private final Consumer<List<InboxEvent>> done;
    private final UnusableSink unusable;
    private final Set<Long> finished = ConcurrentHashMap.newKeySet();

    /** Where events that gave no record go. */
    @FunctionalInterface
    public interface UnusableSink {
        void accept(InboxEvent event, Unusable why);
    }

    /**
     * @param events claimed events of one sync (tenant), oldest first
     * @param pageSize records per page (the sync's batch size is a good choice)
     * @param done told the events of each page once the page is accounted for
     */
    public EventRecords(List<InboxEvent> events, int pageSize, Resolver resolver, Consumer<List<InboxEvent>> done, UnusableSink unusable) {
        this.groups = byRecord(events);
        this.pageSize = Math.max(1, pageSize);
        this.resolver = resolver;
        this.done = done;
        this.unusable = unusable;
    }

    /** The ids of the events that are finished here: done with an accounted page, or handed to {@code unusable}. */
    public Set<Long> finished() {
        return Set.copyOf(finished);
    }

    @Override
    public Reader open(String checkpoint, String runId) {
        return new Reader() {
            private int next;
            private final ArrayDeque<List<InboxEvent>> pending = new ArrayDeque<>();
            private long accounted;

            @Override
            public List<JsonNode> nextPage() {
                while (next < groups.size()) {
                    List<JsonNode> page = new ArrayList<>();
                    List<InboxEvent> events = new ArrayList<>();
                    while (next < groups.size() && page.size() < pageSize) {
                        List<InboxEvent> group = groups.get(next++);
                        InboxEvent newest = group.getLast();
                        try {
                            page.add(resolver.record(newest));
                            events.addAll(group);
                        } catch (Unusable e) {
                            group.forEach(event -> {
                                unusable.accept(event, e);
                                finished.add(event.id());
                            });
                        }
                    }
                    if (!page.isEmpty()) {
                        synchronized (pending) {
                            pending.addLast(events);
                        }
                        return page;
                    }
                }
                return null;
            }

            @Override
            public boolean prefetchable() {
                return true;
            }

            @Override
            public void accountedPages(long pages) {
                List<InboxEvent> events = new ArrayList<>();
                synchronized (pending) {
                    for (; accounted < pages && !pending.isEmpty(); accounted++) {
                        events.addAll(pending.pollFirst());
                    }
                }
                if (!events.isEmpty()) {
                    done.accept(events);
                    events.forEach(event -> finished.add(event.id()));
                }
            }
        };
    }

    /** Events in arrival order, those about one record key together (at the place of the newest). */
    private static List<List<InboxEvent>> byRecord(List<InboxEvent> events) {
        Map<Object, List<InboxEvent>> groups = new LinkedHashMap<>();
        List<InboxEvent> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        for (InboxEvent event : newestFirst) {
            Object key = event.recordKey() == null ? event.id() : event.recordKey();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(0, event);
        }
        List<List<InboxEvent>> ordered = new ArrayList<>(groups.values());
        java.util.Collections.reverse(ordered);
        return ordered;
    }
}
