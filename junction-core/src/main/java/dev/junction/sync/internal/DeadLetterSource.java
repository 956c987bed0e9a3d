package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.DeadLetter;
import dev.junction.store.Store;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The open dead letters of a selection as a sync's source: each page holds their stored source
 * records, which the run maps again with the current mapping. Once a page is accounted for, its
 * dead letters are marked replayed by the replay run; a record that fails again is a new dead
 * letter of that run (which this source never reads back). Dead letters without a source record
 * (stored before Junction kept them) cannot be mapped again: they stay open and are listed in
 * {@link #unreplayable()}. Dead letters of failed deletes (mode mirror) are not records to map:
 * they are collected in {@link #deletes()}, which the run deletes again once the read is done (a
 * sync that no longer deletes lists them as unreplayable).
 */
public final class DeadLetterSource implements RecordSource {
    private static final int PAGE = 100;

    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeadLetterSelection selection;
    private final List<Long> unreplayable = new ArrayList<>();
    private final List<DeadLetter> deletes = new ArrayList<>();
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
        return new Reader() {
            private final Iterator<Long> ids = selection.ids() == null ? null : selection.ids().iterator();
            private long afterId;
            private boolean done;
            private final List<Long> pending = new ArrayList<>();

            @Override
            public List<JsonNode> nextPage() {
                while (!done) {
                    List<DeadLetter> letters = nextLetters();
                    if (letters.isEmpty()) {
                        done = true;
                        break;
                    }
                    List<JsonNode> page = new ArrayList<>();
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
                        pending.add(letter.id());
                    }
                    if (!page.isEmpty()) {
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
                store.deadLetters().resolve(pending, DeadLetter.State.REPLAYED, runId, clock.instant());
                pending.clear();
            }
        };
    }

    private JsonNode parse(DeadLetter letter) {
        try {
            return json.readTree(letter.source());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter " + letter.id() + " holds a source record that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
