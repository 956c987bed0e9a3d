package dev.junction.engine;

import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ResultPage;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The request log: every HTTP attempt, secrets redacted, searchable by run, record key and status;
 * pruned by age ({@value #RETENTION_ENV}, default 30 days, {@code forever} keeps all).
 */
public final class Exchanges {
    public static final String RETENTION_ENV = "JUNCTION_EXCHANGE_RETENTION";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final Store store;
    private final Clock clock;

    public Exchanges(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Oldest first, at most the query's limit. */
    public List<ExchangeRecord> find(ExchangeQuery query) {
        return store.exchanges().find(query);
    }

    /** One page of the exchanges the query selects, newest first; its cursor asks for the next. */
    public ResultPage<ExchangeRecord> page(ExchangeQuery query) {
        return store.exchanges().page(query);
    }

    /** Deletes exchanges logged before {@code cutoff}. @return how many */
    public long deleteBefore(Instant cutoff) {
        return store.exchanges().deleteOlderThan(cutoff);
    }

    /** Deletes exchanges older than {@code keep} (null keeps all). @return how many */
    public long prune(Duration keep) {
        return keep == null ? 0 : deleteBefore(clock.instant().minus(keep));
    }

    /**
     * The retention a setting asks for (null or blank: the default; {@code forever}: null, keep all).
     *
     * @throws EngineException.Invalid when it is not a duration such as 7d, 12h or forever
     */
    public static Duration retention(String setting) {
        return Durations.retention(setting, DEFAULT_RETENTION, RETENTION_ENV);
    }
}
