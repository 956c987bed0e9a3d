package dev.junction.server.api;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import java.time.Instant;
import java.util.Locale;

/**
 * A run as the API shows it: status ({@code running}, {@code succeeded}, {@code partial},
 * {@code failed}, {@code cancelled}, ...), what started it, its tenant (null: a classic sync), its
 * counters (updated while it runs) and, once it failed, why: {@code error}, and when the failure was a
 * classified API error its {@code errorCategory} ({@code retryable}, {@code auth}, {@code permanent})
 * and {@code errorCode} (the provider's own code when it gave one, else Junction's, e.g. {@code http_422}).
 */
public record RunView(String id, String sync, String tenant, String trigger, String status, Instant startedAt, Instant finishedAt,
        RunCounters counters, String error, String errorCategory, String errorCode) {
    static RunView of(RunRecord run) {
        return new RunView(run.id(), run.sync(), run.tenant(), run.trigger(), run.status().name().toLowerCase(Locale.ROOT), run.startedAt(),
                run.finishedAt(), run.counters(), run.error(), run.errorClass() == null ? null : run.errorClass().category(),
                run.errorClass() == null ? null : run.errorClass().code());
    }
}
