package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.JsonPath;
import dev.junction.mapping.MappingException;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.SyncJob;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The first half of writing a page: maps its records, keys them by destination key (a later version
 * of a key in the same page supersedes the earlier one) and compares each with its stored
 * fingerprint, so only the records that changed — and that the write mode lets through — go on to
 * be batched. Records that cannot be mapped, have no key or are too large for one call become dead
 * letters here, counted as read like the rest.
 */
final class PageDiff {
    /** The mapped records of a page by destination key, and whether the whole page was read. */
    record Mapping(Map<String, Mapped> records, boolean complete) {}

    /** A mapped record and the source record it came from. */
    record Mapped(ObjectNode record, JsonNode source) {}

    private final SyncJob job;
    private final LiveCounters counters;
    private final Fingerprints fingerprints;
    private final JsonPath keyPath;
    private final JsonPath sourceKeyPath;
    private final BatchWrite.DeadLetters deadLetters;
    private final Runnable unkeyed;
    private final BooleanSupplier stopped;
    /** A backfill's test of source records outside its range (skipped and counted); null: none. */
    private final java.util.function.Predicate<JsonNode> outside;

    /**
     * @param unkeyed told of each record that never got a destination key
     * @param stopped whether the run stopped meanwhile (the rest of the page is then left unread)
     * @param outside a backfill's test of records outside its range, skipped and counted so (null: none)
     */
    PageDiff(SyncJob job, LiveCounters counters, Fingerprints fingerprints, BatchWrite.DeadLetters deadLetters, Runnable unkeyed,
            BooleanSupplier stopped, java.util.function.Predicate<JsonNode> outside) {
        this.outside = outside;
        this.job = job;
        this.counters = counters;
        this.fingerprints = fingerprints;
        this.keyPath = JsonPath.parse(job.destinationKey());
        this.sourceKeyPath = job.sourceKey() == null ? null : JsonPath.parse(job.sourceKey());
        this.deadLetters = deadLetters;
        this.unkeyed = unkeyed;
        this.stopped = stopped;
    }

    /** Reads and maps a page's records. */
    Mapping map(Iterable<JsonNode> page) {
        Map<String, Mapped> mapped = new LinkedHashMap<>();
        for (JsonNode raw : page) {
            if (stopped.getAsBoolean()) {
                return new Mapping(mapped, false); // aborted (or onRowError: fail) by a record of this page
            }
            counters.read.increment();
            if (outside != null && outside.test(raw)) {
                counters.skipped.increment();
                continue;
            }
            ObjectNode record;
            try {
                record = job.mapper().map(raw);
            } catch (MappingException e) {
                deadLetters.add(sourceLabel(raw), "mapping failed: " + e.getMessage(), ErrorClasses.MAPPING_FAILED, null, raw);
                unkeyed.run();
                continue;
            }
            JsonNode key = keyPath.find(record);
            if (key.isMissingNode() || key.isNull() || key.asText().isEmpty()) {
                deadLetters.add(sourceLabel(raw), "the mapped record has no value for the destination key '" + job.destinationKey() + "'", ErrorClasses.MAPPING_FAILED, record,
                        raw);
                unkeyed.run();
                continue;
            }
            if (mapped.put(key.asText(), new Mapped(record, raw)) != null) {
                counters.unchanged.increment();
            }
        }
        return new Mapping(mapped, true);
    }

    /**
     * The records to write, by key, in page order: those whose fingerprint differs from the stored
     * one ({@code stored}: key → fingerprint), minus what the write mode skips and what is too large
     * for one call of {@code cutter}.
     */
    Map<String, Pending> changes(Map<String, Mapped> mapped, Map<String, String> stored, Batches cutter, Batches.ByteLimit maxBytes) {
        Map<String, Pending> byKey = new LinkedHashMap<>();
        mapped.forEach((key, m) -> {
            Fingerprints.Fingerprint fingerprint = fingerprints.sized(m.record());
            boolean known = stored.containsKey(key);
            if (fingerprint.hash().equals(stored.get(key))) {
                counters.unchanged.increment();
            } else if (job.writeMode() == SyncSpec.WriteMode.INSERT && known || job.writeMode() == SyncSpec.WriteMode.UPDATE && !known) {
                counters.skipped.increment();
            } else if (cutter.tooLarge(fingerprint.bytes())) {
                deadLetters.add(key, String.format(Locale.ROOT, "the mapped record is %,d bytes of JSON, more than %s (%,d) allows in one call;"
                        + " not sent", fingerprint.bytes(), maxBytes.name(), maxBytes.bytes()), ErrorClasses.RECORD_TOO_LARGE, m.record(), m.source());
            } else {
                byKey.put(key, new Pending(key, m.record(), fingerprint.hash(), known, m.source(), fingerprint.bytes()));
            }
        });
        return byKey;
    }

    private String sourceLabel(JsonNode raw) {
        if (sourceKeyPath != null) {
            JsonNode id = sourceKeyPath.find(raw);
            if (!id.isMissingNode() && !id.isNull()) {
                return "source:" + id.asText();
            }
        }
        return "source:#" + counters.read.sum();
    }
}
