package dev.junction.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.audit.AuditEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spill files keep every entry exactly, whatever its strings hold: nulls, non-ASCII text, a value longer than a file buffer. */
class SortedSpillTest {
    @TempDir
    Path dir;

    @Test
    void entriesComeBackSortedAndExactThroughChunkFiles() {
        String huge = "x".repeat(200_000);
        List<AuditEntry> added = List.of(
                new AuditEntry("k-3", new String[] {"Zoë ✓", null}),
                new AuditEntry(huge, new String[] {huge, ""}),
                new AuditEntry("k-1", new String[] {null, "a"}),
                new AuditEntry("k-2", new String[] {"日本", "b"}),
                new AuditEntry("k-1", new String[] {null, "0"}));
        List<AuditEntry> read = new ArrayList<>();
        try (SortedSpill spill = new SortedSpill(dir, "side", 2, Long.MAX_VALUE, 2)) {
            added.forEach(spill::add);
            assertThat(spill.chunksWritten()).isEqualTo(2);
            Iterator<AuditEntry> sorted = spill.sorted();
            sorted.forEachRemaining(read::add);
        }

        assertThat(read).extracting(e -> e.key().length() > 10 ? "huge" : e.key()).containsExactly("k-1", "k-1", "k-2", "k-3", "huge");
        assertThat(read.get(0).values()).containsExactly(null, "0");
        assertThat(read.get(2).values()).containsExactly("日本", "b");
        assertThat(read.get(3).values()).containsExactly("Zoë ✓", null);
        assertThat(read.get(4).key()).isEqualTo(huge);
        assertThat(read.get(4).values()).containsExactly(huge, "");
    }
}
