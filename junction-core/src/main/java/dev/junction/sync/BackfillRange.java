package dev.junction.sync;

import dev.junction.sync.internal.CursorOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The past range {@code [from, to)} a backfill run reads: an incremental stream read as if its
 * checkpoint were {@code from}, records whose cursor is at or after {@code to} (or before
 * {@code from}) skipped; a sliced stream read only in the slices of the range. A backfill never reads
 * or moves the sync's live checkpoint: its progress is kept under {@link #partition()} of the sync's
 * state, so a chunk stopped midway resumes where it got to, and is forgotten once the chunk succeeds.
 */
public record BackfillRange(Instant from, Instant to) {
    /** Where a record's cursor value lies against the range. */
    public enum Position {
        BEFORE, WITHIN, AFTER,
        /** No cursor value, or one that is not an ISO-8601 date-time: kept (written), never skipped. */
        UNKNOWN
    }

    public BackfillRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the backfill's end " + to + " must be after its start " + from);
        }
    }

    /**
     * The range from two texts, each a date ({@code 2026-01-01}, midnight UTC) or an ISO-8601 instant
     * ({@code 2026-01-01T06:00:00Z}).
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public static BackfillRange parse(String from, String to) {
        return new BackfillRange(instant("from", from), instant("to", to));
    }

    /** A date ({@code 2026-01-01}, midnight UTC) or an instant; {@code field} names it in the message. */
    public static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": expected a date such as 2026-01-01 or an instant such as 2026-01-01T00:00:00Z, found nothing");
        }
        String t = text.strip();
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": expected a date such as 2026-01-01 or an instant such as 2026-01-01T00:00:00Z, found '"
                    + text + "'");
        }
    }

    /**
     * The range cut into chunks of {@code chunk} from {@code from} (the last one shorter), each a
     * bounded run of its own.
     *
     * @throws IllegalArgumentException when the chunk is not positive
     */
    public List<BackfillRange> chunks(Duration chunk) {
        if (chunk == null || !chunk.isPositive()) {
            throw new IllegalArgumentException("chunk: expected a positive duration such as 1d or 12h, was " + chunk);
        }
        List<BackfillRange> out = new ArrayList<>();
        Instant start = from;
        while (start.isBefore(to)) {
            Instant end = start.plus(chunk).isBefore(to) ? start.plus(chunk) : to;
            out.add(new BackfillRange(start, end));
            start = end;
        }
        return out;
    }

    /** The name of the backfill's progress in the sync's stored state: {@code backfill:FROM..TO}. */
    public String partition() {
        return "backfill:" + from + ".." + to;
    }

    /** Where {@code cursor} (a record's cursor value as text, may be null) lies. */
    public Position position(String cursor) {
        if (cursor == null) {
            return Position.UNKNOWN;
        }
        Integer afterFrom = CursorOrder.compare(cursor, from.toString());
        Integer beforeTo = CursorOrder.compare(cursor, to.toString());
        if (afterFrom == null || beforeTo == null || !CursorOrder.isDateTime(cursor)) {
            return Position.UNKNOWN;
        }
        return afterFrom < 0 ? Position.BEFORE : beforeTo >= 0 ? Position.AFTER : Position.WITHIN;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
