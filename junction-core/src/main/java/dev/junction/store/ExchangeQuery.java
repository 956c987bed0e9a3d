package dev.junction.store;

/** Filters for finding exchanges; a null field does not filter. Results are oldest first. */
public record ExchangeQuery(String runId, Integer status, String recordKey, int limit) {
    public static ExchangeQuery forRun(String runId) {
        return new ExchangeQuery(runId, null, null, 1000);
    }
}
