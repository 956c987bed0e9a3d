package dev.junction.runtime.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a time range into slices of one step, aligned to a fixed origin so that the same range gives
 * the same slices run after run (a resumed run finds its slices' checkpoints by name).
 */
public final class DateSlices {
    private DateSlices() {}

    /** One slice, {@code start} inclusive, {@code end} exclusive. */
    public record Slice(Instant start, Instant end) {}

    /**
     * The slices covering {@code [from, end)}: the first from {@code from} to the next boundary
     * {@code origin + k * step}, then whole steps, the last one cut at {@code end}. Empty when
     * {@code from} is not before {@code end}.
     *
     * @throws IllegalArgumentException when the step is not positive
     */
    public static List<Slice> split(Instant origin, Instant from, Instant end, Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the slice step must be positive, was " + step);
        }
        List<Slice> out = new ArrayList<>();
        if (!from.isBefore(end)) {
            return out;
        }
        Instant start = from;
        Instant boundary = nextBoundary(origin, from, step);
        while (start.isBefore(end)) {
            Instant stop = boundary.isBefore(end) ? boundary : end;
            out.add(new Slice(start, stop));
            start = stop;
            boundary = boundary.plus(step);
        }
        return out;
    }

    /** The first {@code origin + k * step} after {@code from}. */
    private static Instant nextBoundary(Instant origin, Instant from, Duration step) {
        if (from.isBefore(origin)) {
            return origin;
        }
        long stepNanos = step.toNanos();
        long steps = Duration.between(origin, from).toNanos() / stepNanos;
        return origin.plusNanos((steps + 1) * stepNanos);
    }
}
