package dev.junction.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when something sleeps on it: every wait is recorded and returns at once. */
public final class FakeTime extends Clock implements Sleeper {
    private final AtomicReference<Instant> now;
    public final List<Duration> waits = new CopyOnWriteArrayList<>();

    public FakeTime(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        if (duration.isPositive()) {
            now.updateAndGet(t -> t.plus(duration));
        }
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
