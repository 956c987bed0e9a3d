package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.DeadLetter;
import dev.junction.store.Store;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open dead letters of a selection as a sync's source: each page holds their stored source
 * records, which the run maps again with the current mapping. Once a page is accounted for, its
 * dead letters are marked replayed by the replay run; a record that fails again is a new dead
 * letter of that run (which this source never reads back). Dead letters without a source record
 * (stored before Junction kept them) cannot be mapped again: they stay open and are listed in
 * {@link #unreplayable()}. Dead letters of failed deletes (mode mirror) are not records to map:
 * they are collected in {@link #deletes()}, which the run deletes again once the read is done (a
 * sync that no longer deletes lists them as unreplayable). The reader is prefetchable: the run reads
 * the next page while it writes this one, and the dead letters of each page are marked replayed
 * once that page and every page before it are accounted for.
 */
public final class DeadLetterSource implements RecordSource {
    private static final int PAGE = 100;

    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeadLetterSelection selection;
    // filled by the reading thread (the run's read-ahead), read by the run and its caller
    private final List<Long> unreplayable = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deletes = new CopyOnWriteArrayList<>();
    private final boolean canDelete;

    public DeadLetterSource(Store store, ObjectMapper json, Clock clock, DeadLetterSelection selection) {
        this(store, json, clock, selection, false);
    }

    /** {@code canDelete}: the sync deletes (mode mirror), so failed deletes can be replayed. */
    public DeadLetterSource(Store store, ObjectMapper json, Clock clock, DeadLetterSelection selection, boolean canDelete) {
        this.canDelete = canDelete;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.selection = selection;
    }

    /** The selected dead letters of failed deletes, read so far (all of them once the read is done). */
    public List<DeadLetter> deletes() {
        return List.copyOf(deletes);
    }

    /** Ids of selected dead letters that have no source record, seen so far. */
    public List<Long> unreplayable() {
        return List.copyOf(unreplayable);
    }

    @Override
    public Reader open(String checkpoint, String runId) {
        ExpectedTotal selected = selected();
        return new Reader() {
            private final Iterator<Long> ids = selection.ids() == null ? null : selection.ids().iterator();
            private long afterId;
            private boolean done;
            /** The dead letter ids of each page returned and not yet accounted for, oldest first. */
            private final ArrayDeque<List<Long>> pending = new ArrayDeque<>();
            private long accounted;

            @Override
            public List<JsonNode> nextPage() {
                while (!done) {
                    List<DeadLetter> letters = nextLetters();
                    if (letters.isEmpty()) {
                        done = true;
                        break;
                    }
                    List<JsonNode> page = new ArrayList<>();
                    List<Long> ids = new ArrayList<>();
                    for (DeadLetter letter : letters) {
                        afterId = Math.max(afterId, letter.id());
                        if (letter.runId() != null && letter.runId().equals(runId)) {
                            continue; // failed again in this very replay
                        }
                        if (letter.kind() == DeadLetter.Kind.DELETE && canDelete) {
                            deletes.add(letter);
                            continue;
                        }
                        if (letter.source() == null) {
                            unreplayable.add(letter.id());
                            continue;
                        }
                        page.add(parse(letter));
                        ids.add(letter.id());
                    }
                    if (!page.isEmpty()) {
                        synchronized (pending) {
                            pending.addLast(ids);
                        }
                        return page;
                    }
                }
                return null;
            }

            private List<DeadLetter> nextLetters() {
                if (ids == null) {
                    return store.deadLetters().open(selection.sync(), selection.tenant(), selection.runId(), afterId, PAGE);
                }
                List<DeadLetter> letters = new ArrayList<>();
                while (ids.hasNext() && letters.size() < PAGE) {
                    store.deadLetters().find(ids.next())
                            .filter(d -> d.state() == DeadLetter.State.OPEN && selection.sync().equals(d.sync())
                                    && java.util.Objects.equals(selection.tenant(), d.tenant()))
                            .ifPresent(letters::add);
                }
                return letters;
            }

            @Override
            public void accounted() {
                resolve(Long.MAX_VALUE);
            }

            @Override
            public void accountedPages(long pages) {
                resolve(pages);
            }

            @Override
            public boolean prefetchable() {
                return true;
            }

            @Override
            public ExpectedTotal expected() {
                return selected;
            }

            /** Marks the dead letters of the pages up to the {@code pages}th returned replayed. */
            private void resolve(long pages) {
                List<Long> ids = new ArrayList<>();
                synchronized (pending) {
                    for (; accounted < pages && !pending.isEmpty(); accounted++) {
                        ids.addAll(pending.pollFirst());
                    }
                }
                if (!ids.isEmpty()) {
                    store.deadLetters().resolve(ids, DeadLetter.State.REPLAYED, runId, clock.instant());
                }
            }
        };
    }

    /** How many dead letters the selection holds, for the replay's ETA; null when they cannot be counted. */
    private ExpectedTotal selected() {
        try {
            long count = selection.ids() != null ? selection.ids().size() : store.deadLetters().countOpen(selection.sync(), selection.tenant(), selection.runId());
            return count > 0 ? new ExpectedTotal(count, ExpectedTotal.Basis.DEAD_LETTERS) : null;
        } catch (RuntimeException e) {
            return null; // the ETA is unknown; the replay itself reads on
        }
    }

    private JsonNode parse(DeadLetter letter) {
        try {
            return json.readTree(letter.source());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter " + letter.id() + " holds a source record that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
