package dev.junction.store;

/**
 * What a run did to records and how the APIs treated it. {@code read} = inserted + updated +
 * unchanged + failed once a run has finished (every record accounted for).
 */
public record RunCounters(
        long read, long inserted, long updated, long unchanged, long failed, long deleted, long retries, long throttled) {
    public static final RunCounters ZERO = new RunCounters(0, 0, 0, 0, 0, 0, 0, 0);

    public long written() {
        return inserted + updated;
    }
}
