package dev.junction.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of a newest-first list ended: the time and id of its last item. Callers see it only
 * {@link #encode() encoded}, as an opaque string; a store decodes it to continue strictly below it,
 * so items added meanwhile neither repeat nor shift a page. The list's {@code kind} ({@code runs},
 * {@code deadletters}, {@code exchanges}) is part of it: a cursor of one list is refused by another.
 */
public record PageCursor(String kind, Instant at, String id) {
    private static final char SEPARATOR = '|';

    public PageCursor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
        if (kind.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a cursor kind holds no '" + SEPARATOR + "', was '" + kind + "'");
        }
    }

    /** The opaque form handed to callers. */
    public String encode() {
        String text = kind + SEPARATOR + at + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor an {@link #encode() encoded} string of a {@code kind} list stands for.
     *
     * @throws IllegalArgumentException when the string is not a cursor such a list gave out
     */
    public static PageCursor decode(String kind, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals(kind) || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not a cursor of " + kind);
            }
            return new PageCursor(kind, Instant.parse(parts[1]), parts[2]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(kind, cursor, e);
        }
    }

    /** Like {@link #decode}, for a list whose ids are numbers. */
    public static PageCursor decodeNumeric(String kind, String cursor) {
        PageCursor decoded = decode(kind, cursor);
        try {
            decoded.numericId();
        } catch (IllegalArgumentException e) {
            throw invalid(kind, cursor, e);
        }
        return decoded;
    }

    /** The id as a number, for lists whose ids are numbers. */
    public long numericId() {
        return Long.parseLong(id);
    }

    private static IllegalArgumentException invalid(String kind, String cursor, Exception cause) {
        String shown = cursor == null ? "null" : cursor.length() > 60 ? cursor.substring(0, 60) + "..." : cursor;
        return new IllegalArgumentException("the cursor '" + shown + "' is not one an earlier page of " + kind
                + " gave out; ask for the first page without a cursor", cause);
    }
}
