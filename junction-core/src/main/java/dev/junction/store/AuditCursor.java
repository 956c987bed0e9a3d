package dev.junction.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page of the audit log (newest first) ended: the time and id of its last entry. Callers
 * see it only {@link #encode() encoded}, as an opaque string; a store decodes it to continue below it.
 */
public record AuditCursor(Instant at, long id) {
    private static final String SEPARATOR = "|";

    /** The opaque form handed to callers. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor an {@link #encode() encoded} string stands for.
     *
     * @throws IllegalArgumentException when the string is not a cursor the store gave out
     */
    public static AuditCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = text.lastIndexOf(SEPARATOR);
            if (separator < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new AuditCursor(Instant.parse(text.substring(0, separator)), Long.parseLong(text.substring(separator + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "audit query: the cursor '" + cursor + "' is not one an earlier page gave out; ask for the first page without a cursor", e);
        }
    }
}
