package dev.junction.store;

/**
 * What a run did to records and how the APIs treated it. {@code read} = inserted + updated +
 * unchanged + skipped + failed once a run has succeeded or finished with dead letters (every record
 * accounted for). {@code skipped} counts records the write mode left out: in mode insert those whose
 * key this sync wrote before, in mode update those whose key it never wrote; in a backfill those whose
 * cursor lies outside its range. A failed or cancelled
 * run stops early: records read but not written are in no counter, have no new fingerprint, and are
 * sent by the next run.
 */
public record RunCounters(
        long read, long inserted, long updated, long unchanged, long failed, long deleted, long retries, long throttled, long skipped) {
    public static final RunCounters ZERO = new RunCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Counters without records skipped by the write mode (upsert runs skip none). */
    public RunCounters(long read, long inserted, long updated, long unchanged, long failed, long deleted, long retries, long throttled) {
        this(read, inserted, updated, unchanged, failed, deleted, retries, throttled, 0);
    }

    public long written() {
        return inserted + updated;
    }

    /** Both runs' counters added up (several tenants' runs followed as one). */
    public RunCounters plus(RunCounters other) {
        return new RunCounters(read + other.read, inserted + other.inserted, updated + other.updated, unchanged + other.unchanged,
                failed + other.failed, deleted + other.deleted, retries + other.retries, throttled + other.throttled, skipped + other.skipped);
    }
}
