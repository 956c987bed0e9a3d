package dev.junction.store;

import java.time.Instant;
import java.util.List;

/** The request log. {@link ExchangeRecord#id()} is assigned by the store on append. */
public interface ExchangeRepository {
    void append(ExchangeRecord exchange);

    List<ExchangeRecord> find(ExchangeQuery query);

    /** Deletes exchanges older than the instant. @return how many */
    long deleteOlderThan(Instant instant);
}
