package dev.junction.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.audit.internal.SortedSpill;
import dev.junction.http.internal.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One audit's comparison, in bounded memory: feed it every mapped source record and every
 * destination record (in any order, one side after the other or interleaved), then {@link #finish()}
 * it. Each side is kept as (key, compared values) entries in a {@link SortedSpill}: sorted chunks
 * in a temporary directory once a side outgrows one chunk, merged by key; the two sorted sides are
 * then merge-joined. Memory holds at most a chunk per side and the samples, whatever the number of
 * keys. {@link #close()} deletes the temporary directory, whether the audit finished or not.
 *
 * <pre>{@code
 * try (Reconciliation audit = new Reconciliation(rules, Reconciliation.Settings.DEFAULT.withSamples(10))) {
 *     sourceRecords.forEach(audit::source);
 *     destinationRecords.forEach(audit::destination);
 *     AuditReport report = audit.finish();
 * }
 * }</pre>
 */
public final class Reconciliation implements AutoCloseable {
    /** The longest value a sample shows. */
    static final int SAMPLE_VALUE_CHARS = 120;

    /**
     * {@code chunkEntries} and {@code chunkBytes}: the most entries (and estimated heap bytes) a side
     * keeps in memory before it writes a sorted chunk; {@code samples}: the most samples of each kind;
     * {@code tempDir}: where the spill directory is made (null: the JVM's temporary directory).
     */
    public record Settings(int chunkEntries, long chunkBytes, int samples, Path tempDir) {
        /** 100,000 entries or 24 MB per chunk, 10 samples of each kind. */
        public static final Settings DEFAULT = new Settings(100_000, 24L << 20, 10, null);

        public Settings {
            if (chunkEntries < 1 || chunkBytes < 1) {
                throw new IllegalArgumentException("chunkEntries and chunkBytes must be positive");
            }
            if (samples < 0) {
                throw new IllegalArgumentException("samples must be 0 or more, got " + samples);
            }
        }

        public Settings withSamples(int n) {
            return new Settings(chunkEntries, chunkBytes, n, tempDir);
        }

        public Settings withChunkEntries(int n) {
            return new Settings(n, chunkBytes, samples, tempDir);
        }

        public Settings withTempDir(Path dir) {
            return new Settings(chunkEntries, chunkBytes, samples, dir);
        }
    }

    private final AuditRules rules;
    private final Settings settings;
    private final Path dir;
    private final SortedSpill sourceSide;
    private final SortedSpill destinationSide;
    private long sourceRecords;
    private long destinationRecords;
    private long sourceWithoutKey;
    private long destinationWithoutKey;
    private long unmappable;
    private boolean finished;

    /** @throws UncheckedIOException when the temporary directory cannot be made */
    public Reconciliation(AuditRules rules, Settings settings) {
        this.rules = rules;
        this.settings = settings;
        try {
            this.dir = settings.tempDir() == null ? Files.createTempDirectory("junction-audit-") : Files.createTempDirectory(settings.tempDir(), "junction-audit-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a temporary directory for the audit's spill files: " + e.getMessage(), e);
        }
        int width = rules.fields().size();
        this.sourceSide = new SortedSpill(dir, "source", settings.chunkEntries(), settings.chunkBytes(), width);
        this.destinationSide = new SortedSpill(dir, "destination", settings.chunkEntries(), settings.chunkBytes(), width);
    }

    /** A source record, mapped by the sync's mapping. */
    public void source(JsonNode mapped) {
        sourceRecords++;
        AuditEntry entry = rules.source(mapped);
        if (entry.key() == null) {
            sourceWithoutKey++;
        } else {
            sourceSide.add(entry);
        }
    }

    /** A source record the mapping refused: counted, not compared. */
    public void unmappable() {
        sourceRecords++;
        unmappable++;
    }

    /** A record of the destination's stream. */
    public void destination(JsonNode record) {
        destinationRecords++;
        AuditEntry entry = rules.destination(record);
        if (entry.key() == null) {
            destinationWithoutKey++;
        } else {
            destinationSide.add(entry);
        }
    }

    /** The spill directory (for tests: it is gone after {@link #close()}). */
    public Path directory() {
        return dir;
    }

    /** How many sorted chunks each side wrote to disk so far: {@code [source, destination]}. */
    public int[] chunksWritten() {
        return new int[] {sourceSide.chunksWritten(), destinationSide.chunksWritten()};
    }

    /** Merge-joins both sides by key. Call once, after the last record. */
    public AuditReport finish() {
        if (finished) {
            throw new IllegalStateException("this audit has already finished");
        }
        finished = true;
        Join join = new Join(rules.fields(), settings.samples());
        join.run(sourceSide.sorted(), destinationSide.sorted());
        return new AuditReport(sourceRecords, destinationRecords, join.matched, join.missing, join.extra, join.mismatched, sourceWithoutKey,
                destinationWithoutKey, unmappable, join.sourceDuplicates, join.destinationDuplicates, join.fieldMismatches(), rules.fields(),
                new AuditReport.Samples(join.missingSamples, join.extraSamples, join.mismatchSamples));
    }

    /** Closes the spill files and deletes the temporary directory. */
    @Override
    public void close() {
        try {
            sourceSide.close();
        } finally {
            destinationSide.close();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the audit's spill directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The merge-join of two key-sorted sides. */
    private static final class Join {
        private final List<String> fields;
        private final int samples;
        private final long[] perField;
        private final List<AuditReport.Sample> missingSamples = new ArrayList<>();
        private final List<AuditReport.Sample> extraSamples = new ArrayList<>();
        private final List<AuditReport.Sample> mismatchSamples = new ArrayList<>();
        private long matched;
        private long missing;
        private long extra;
        private long mismatched;
        private long sourceDuplicates;
        private long destinationDuplicates;

        Join(List<String> fields, int samples) {
            this.fields = fields;
            this.samples = samples;
            this.perField = new long[fields.size()];
        }

        void run(Iterator<AuditEntry> source, Iterator<AuditEntry> destination) {
            Distinct a = new Distinct(source);
            Distinct b = new Distinct(destination);
            AuditEntry s = a.next();
            AuditEntry d = b.next();
            while (s != null || d != null) {
                int order = s == null ? 1 : d == null ? -1 : s.key().compareTo(d.key());
                if (order < 0) {
                    missing++;
                    sample(missingSamples, new AuditReport.Sample(s.key(), List.of()));
                    s = a.next();
                } else if (order > 0) {
                    extra++;
                    sample(extraSamples, new AuditReport.Sample(d.key(), List.of()));
                    d = b.next();
                } else {
                    compare(s, d);
                    s = a.next();
                    d = b.next();
                }
            }
            sourceDuplicates = a.duplicates;
            destinationDuplicates = b.duplicates;
        }

        private void compare(AuditEntry s, AuditEntry d) {
            List<AuditReport.FieldDifference> differences = null;
            for (int i = 0; i < perField.length; i++) {
                if (!java.util.Objects.equals(s.values()[i], d.values()[i])) {
                    perField[i]++;
                    if (differences == null) {
                        differences = new ArrayList<>();
                    }
                    String field = fields.get(i);
                    differences.add(new AuditReport.FieldDifference(field, shown(field, s.values()[i]), shown(field, d.values()[i])));
                }
            }
            if (differences == null) {
                matched++;
            } else {
                mismatched++;
                sample(mismatchSamples, new AuditReport.Sample(s.key(), differences));
            }
        }

        private void sample(List<AuditReport.Sample> list, AuditReport.Sample sample) {
            if (list.size() < samples) {
                list.add(sample);
            }
        }

        Map<String, Long> fieldMismatches() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < perField.length; i++) {
                if (perField[i] > 0) {
                    out.put(fields.get(i), perField[i]);
                }
            }
            return out;
        }
    }

    /** A sample's value: redacted for a secret-looking field name or text, cut to {@value #SAMPLE_VALUE_CHARS} characters. */
    static String shown(String field, String value) {
        if (value == null) {
            return null;
        }
        if (Redactor.isSecretName(field.substring(field.lastIndexOf('.') + 1))) {
            return Redactor.REDACTED;
        }
        String text = Redactor.secretsByName(value);
        return text.length() <= SAMPLE_VALUE_CHARS ? text : text.substring(0, SAMPLE_VALUE_CHARS - 1) + "…";
    }

    /** The first entry of each key of a sorted side; the others are counted as duplicates. */
    private static final class Distinct {
        private final Iterator<AuditEntry> sorted;
        private AuditEntry pending;
        private long duplicates;

        Distinct(Iterator<AuditEntry> sorted) {
            this.sorted = sorted;
            this.pending = sorted.hasNext() ? sorted.next() : null;
        }

        AuditEntry next() {
            AuditEntry current = pending;
            if (current == null) {
                return null;
            }
            pending = null;
            while (sorted.hasNext()) {
                AuditEntry following = sorted.next();
                if (following.key().equals(current.key())) {
                    duplicates++;
                } else {
                    pending = following;
                    break;
                }
            }
            return current;
        }
    }
}
