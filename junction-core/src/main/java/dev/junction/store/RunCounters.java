package dev.junction.store;

/**
 * What a run did to records and how the APIs treated it. {@code read} = inserted + updated +
 * unchanged + failed once a run has succeeded or finished with dead letters (every record accounted
 * for). A failed run stops early: records read but not written are in no counter, have no new
 * fingerprint, and are sent by the next run.
 */
public record RunCounters(
        long read, long inserted, long updated, long unchanged, long failed, long deleted, long retries, long throttled) {
    public static final RunCounters ZERO = new RunCounters(0, 0, 0, 0, 0, 0, 0, 0);

    public long written() {
        return inserted + updated;
    }
}
