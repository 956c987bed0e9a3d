package dev.junction.store;

import java.util.List;

/**
 * One page of audit entries, newest first. {@code nextCursor} asks for the page after it
 * ({@link AuditQuery#after}); it is null when there are no more entries.
 */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
