package dev.junction.sandbox.internal;

import dev.junction.sandbox.Faults;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/** Decides, per request, which fault (if any) applies. Seeded and deterministic for a sequence of requests. */
public final class FaultInjector {

    /** What happens to one request. */
    public enum Outcome { PASS, RESET, ERROR, TOO_MANY_REQUESTS }

    /** The decision for one request: the delay, the outcome and, for {@code ERROR}, the status to send. */
    public record Decision(Duration latency, Outcome outcome, int status) {
    }

    private static final int[] ERROR_STATUSES = {500, 502, 503};

    private Faults faults = Faults.NONE;
    private SplittableRandom random = new SplittableRandom(Faults.NONE.seed());

    public synchronized Faults faults() {
        return faults;
    }

    public synchronized void set(Faults value) {
        faults = Objects.requireNonNull(value, "faults");
        random = new SplittableRandom(value.seed());
    }

    public synchronized Decision next() {
        Faults f = faults;
        if (f.resetRate() > 0 && random.nextDouble() < f.resetRate()) {
            return new Decision(f.latency(), Outcome.RESET, 0);
        }
        if (f.errorRate() > 0 && random.nextDouble() < f.errorRate()) {
            return new Decision(f.latency(), Outcome.ERROR, ERROR_STATUSES[random.nextInt(ERROR_STATUSES.length)]);
        }
        if (f.tooManyRequestsRate() > 0 && random.nextDouble() < f.tooManyRequestsRate()) {
            return new Decision(f.latency(), Outcome.TOO_MANY_REQUESTS, 429);
        }
        return new Decision(f.latency(), Outcome.PASS, 0);
    }
}
