package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the checkpoint of one incremental read may move: the read of a stream, or of one partition
 * of it. It is given every page as read, in read order, and told which pages are accounted for
 * (every record before their end written, unchanged, skipped or dead-lettered). The checkpoint never
 * passes a record that is not accounted for, whatever order the source returns records in:
 * <ul>
 *   <li>Once the read reached its end and every page is accounted for, it moves to the highest cursor
 *       value read (never back: a value not higher than the stored one, or of another kind, leaves it).
 *   <li>Before that, only when the source returns its records in ascending cursor order
 *       ({@link dev.junction.sync.RecordSource#sortedByCursor()}): to a value that every record up
 *       to it in read order has reached, so that no record at or below it is still unread. That is
 *       the highest value of the pages accounted for when the first record read after them is
 *       higher, else the highest value below it: records that share a value across a page boundary
 *       are read again by the next run, never skipped, whether the API's parameter means "at or
 *       after" or "after". An unsorted source's checkpoint does not move before the end: a run that
 *       stops partway leaves it where it was, and the next run reads from there again (its records
 *       already written are found unchanged by their fingerprints).
 *   <li>A sorted source that returns a lower value after a higher one is out of order: from then on
 *       the read keeps the checkpoint it started from (moved back there if it had moved), as an
 *       unsorted one, and {@code outOfOrder} is told why, once.
 * </ul>
 * Thread-safe: the pages of a partition are read on its thread and accounted for on writers' threads.
 */
final class CursorCheckpoint {
    /** Saves the checkpoint's value; null removes it (the read started from none). */
    interface Saver {
        void save(String value);
    }

    /**
     * How a run's incremental reads are followed: the cursor field, the source key that names a
     * record out of order, whether the source is sorted, and who hears of a read out of order.
     */
    record Rules(JsonPath cursor, JsonPath key, String cursorField, boolean sorted, Consumer<String> outOfOrder) {
        /** Follows a read of {@code what} ("stream 'contacts'") that starts from checkpoint {@code start} (null: none). */
        CursorCheckpoint start(String what, String start, Saver saver) {
            return new CursorCheckpoint(this, what, start, saver);
        }
    }

    /** A page as read: the highest cursor value up to its end, the highest one below that, and the first value read after it. */
    static final class Mark {
        private final String highest;
        private final String below;
        private String next;

        private Mark(String highest, String below) {
            this.highest = highest;
            this.below = below;
        }
    }

    private final Rules rules;
    private final String what;
    private final String start;
    private final Saver saver;
    private final List<Mark> awaitingNext = new ArrayList<>();
    private String highest;
    private String below;
    private String saved;
    private Mark accounted;
    private boolean outOfOrder;
    private boolean ended;

    private CursorCheckpoint(Rules rules, String what, String start, Saver saver) {
        this.rules = rules;
        this.what = what;
        this.start = start;
        this.saved = start;
        this.saver = saver;
    }

    /** A page read (the next one in read order); returns its mark, to hand to {@link #accounted} once it is accounted for. */
    synchronized Mark read(List<JsonNode> page) {
        for (JsonNode record : page) {
            JsonNode found = rules.cursor().find(record);
            if (found.isMissingNode() || found.isNull()) {
                continue; // a record without a cursor value neither moves nor orders anything
            }
            String value = found.asText();
            awaitingNext.forEach(mark -> mark.next = value);
            awaitingNext.clear();
            Integer order = highest == null ? Integer.valueOf(1) : CursorOrder.compare(value, highest);
            if (order != null && order > 0) {
                below = highest;
                highest = value;
            } else if (rules.sorted() && (order == null || order < 0)) {
                outOfOrder(record, value);
            }
        }
        Mark mark = new Mark(highest, below);
        if (rules.sorted() && !outOfOrder) {
            awaitingNext.add(mark);
            if (accounted != null) {
                move(accounted); // this page may show that the last value of the pages accounted for is complete
            }
        }
        return mark;
    }

    /** The pages up to the one of {@code mark} are accounted for (marks come in read order). */
    synchronized void accounted(Mark mark) {
        accounted = mark;
        move(mark);
    }

    /** The read reached its end and every page of it is accounted for: the checkpoint moves to the highest value read. */
    synchronized void ended() {
        if (!ended) {
            ended = true;
            advance(highest);
        }
    }

    private void move(Mark mark) {
        if (!rules.sorted() || outOfOrder || ended || mark.highest == null) {
            return;
        }
        Integer order = mark.next == null ? null : CursorOrder.compare(mark.next, mark.highest);
        advance(order != null && order > 0 ? mark.highest : mark.below);
    }

    /** Saves {@code value} when it is higher than the checkpoint saved (of the same kind). */
    private void advance(String value) {
        String higher = CursorOrder.higher(saved, value);
        if (!Objects.equals(higher, saved)) {
            saver.save(higher);
            saved = higher;
        }
    }

    private void outOfOrder(JsonNode record, String value) {
        if (outOfOrder) {
            return;
        }
        outOfOrder = true;
        if (!Objects.equals(saved, start)) {
            saver.save(start); // a checkpoint saved on the belief that the records were sorted may have passed unread ones
            saved = start;
        }
        JsonNode key = rules.key() == null ? null : rules.key().find(record);
        String named = key == null || key.isMissingNode() || key.isNull() ? "a record" : "record '" + key.asText() + "'";
        rules.outOfOrder().accept(what + " is declared sorted by '" + rules.cursorField() + "', but " + named + " has '" + value + "' after '"
                + highest + "'; this read moves its checkpoint only once it reaches its end. If the source does not return its records in"
                + " ascending '" + rules.cursorField() + "' order, remove sorted: true from the stream's incremental");
    }
}
