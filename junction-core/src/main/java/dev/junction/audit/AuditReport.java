package dev.junction.audit;

import java.util.List;
import java.util.Map;

/**
 * What an audit found, by key: records of the source (mapped) that the destination lacks
 * ({@code missing}), destination records no source record has ({@code extra}), and records on both
 * sides whose compared fields differ ({@code mismatched}, with a count per field). Records without a
 * key value on either side, source records the mapping refused, and keys seen more than once on a
 * side are counted apart (a repeated key is compared once, with the copy whose values sort first). Samples are bounded.
 */
public record AuditReport(
        long sourceRecords,
        long destinationRecords,
        long matched,
        long missing,
        long extra,
        long mismatched,
        long sourceWithoutKey,
        long destinationWithoutKey,
        long unmappable,
        long sourceDuplicates,
        long destinationDuplicates,
        Map<String, Long> fieldMismatches,
        List<String> fields,
        Samples samples) {

    /** Missing, extra and mismatched records together. */
    public long differences() {
        return missing + extra + mismatched;
    }

    /** The same report with at most {@code max} samples of each kind (the first ones). */
    public AuditReport withAtMostSamples(int max) {
        Samples fewer = new Samples(first(samples.missing(), max), first(samples.extra(), max), first(samples.mismatched(), max));
        return new AuditReport(sourceRecords, destinationRecords, matched, missing, extra, mismatched, sourceWithoutKey, destinationWithoutKey,
                unmappable, sourceDuplicates, destinationDuplicates, fieldMismatches, fields, fewer);
    }

    private static List<Sample> first(List<Sample> list, int max) {
        return list.size() <= max ? list : list.subList(0, max);
    }

    /** Whether both sides hold the same records with the same compared values. */
    public boolean clean() {
        return differences() == 0;
    }

    /** At most so many samples of each kind (the first found, by key order). */
    public record Samples(List<Sample> missing, List<Sample> extra, List<Sample> mismatched) {
        public Samples {
            missing = List.copyOf(missing);
            extra = List.copyOf(extra);
            mismatched = List.copyOf(mismatched);
        }
    }

    /** One record: its key and, for a mismatch, each field that differs; missing and extra samples carry the key alone. */
    public record Sample(String key, List<FieldDifference> fields) {
        public Sample {
            fields = List.copyOf(fields);
        }
    }

    /**
     * A field whose values differ, as compared (after normalizers); values longer than a sample shows
     * are cut, and values of secret-looking fields or text are redacted.
     */
    public record FieldDifference(String field, String source, String destination) {}
}
