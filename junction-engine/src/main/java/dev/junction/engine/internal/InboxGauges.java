package dev.junction.engine.internal;

import dev.junction.store.InboxStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's depth (events pending, claimed, dead) and the age of its oldest pending event, read from
 * the store at most once per {@code refresh}: a scrape reads the stats once for all four gauges, and
 * scrapes closer together reuse them. When the store cannot be read the last values stay.
 */
public final class InboxGauges {
    private static final Logger LOG = LoggerFactory.getLogger(InboxGauges.class);

    private final Supplier<InboxStats> source;
    private final Clock clock;
    private final Duration refresh;
    private InboxStats last = new InboxStats(0, Duration.ZERO, 0, 0); // guarded by this
    private Instant readAt; // guarded by this

    public InboxGauges(Supplier<InboxStats> source, Clock clock, Duration refresh) {
        this.source = source;
        this.clock = clock;
        this.refresh = refresh;
    }

    public void bindTo(MeterRegistry registry) {
        String depth = "Inbox events by status (pending: waiting for a worker; claimed: held by one; dead: failed for good)";
        Gauge.builder("junction.inbox.events", this, g -> g.stats().pending()).description(depth).tag("status", "pending").register(registry);
        Gauge.builder("junction.inbox.events", this, g -> g.stats().claimed()).description(depth).tag("status", "claimed").register(registry);
        Gauge.builder("junction.inbox.events", this, g -> g.stats().dead()).description(depth).tag("status", "dead").register(registry);
        Gauge.builder("junction.inbox.oldest.pending.age", this, g -> g.stats().oldestPendingAge().toMillis() / 1000.0)
                .description("How long the oldest pending inbox event has waited since it was received (0: none pending)")
                .baseUnit("seconds")
                .register(registry);
    }

    synchronized InboxStats stats() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            readAt = now;
            try {
                last = source.get();
            } catch (RuntimeException e) {
                LOG.debug("Inbox gauges keep their last values: the store could not be read: {}", e.toString());
            }
        }
        return last;
    }
}
