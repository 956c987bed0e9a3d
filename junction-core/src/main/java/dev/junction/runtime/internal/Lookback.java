package dev.junction.runtime.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An incremental read's start: the checkpoint less the stream's lookback window. */
public final class Lookback {
    private Lookback() {}

    /**
     * {@code checkpoint} less {@code lookback} when the checkpoint is an ISO-8601 date-time with an
     * offset ({@code 2026-01-30T22:57:50Z} less 10m is {@code 2026-01-30T22:47:50Z}), or a number of epoch
     * seconds or milliseconds of ten digits or more ({@code 1764583070} less 10m is {@code 1764582470}; milliseconds above 10^11;
     * a fraction, as Slack's {@code 1764583070.000200}, keeps its digits); the checkpoint unchanged when it is
     * another kind of value, when there is no lookback, or when it is null.
     */
    public static String apply(String checkpoint, Duration lookback) {
        if (checkpoint == null || lookback == null || lookback.isZero()) {
            return checkpoint;
        }
        // a number from 10^9 up (September 2001 in seconds) is taken for epoch time; a smaller one (a sequence) is left alone
        if (checkpoint.matches("\\d{10,18}(\\.\\d{1,9})?")) {
            java.math.BigDecimal value = new java.math.BigDecimal(checkpoint);
            boolean millis = value.compareTo(java.math.BigDecimal.valueOf(100_000_000_000L)) > 0;
            java.math.BigDecimal back = millis ? java.math.BigDecimal.valueOf(lookback.toMillis())
                    : java.math.BigDecimal.valueOf(lookback.toMillis()).movePointLeft(3);
            java.math.BigDecimal start = value.subtract(back).max(java.math.BigDecimal.ZERO);
            return start.setScale(value.scale(), java.math.RoundingMode.FLOOR).toPlainString();
        }
        try {
            return OffsetDateTime.parse(checkpoint, DateTimeFormatter.ISO_OFFSET_DATE_TIME).minus(lookback).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return checkpoint;
        }
    }

    /**
     * Like {@link #apply(String, Duration)}; when the stream writes its checkpoint in a {@code format} of its own (so the
     * notation read from the records is not what is sent), also a checkpoint in another notation of a time that
     * {@link dev.junction.spec.internal.CheckpointFormats} reads ({@code 2026-12-01T10:00:00.000+0000}, {@code 2026-12-01 10:00:00}):
     * it comes back as an ISO-8601 instant, less the lookback.
     */
    public static String apply(String checkpoint, Duration lookback, boolean rewritten) {
        String moved = apply(checkpoint, lookback);
        if (!rewritten || moved == null || !moved.equals(checkpoint) || lookback == null || lookback.isZero()) {
            return moved;
        }
        java.time.Instant at = dev.junction.spec.internal.CheckpointFormats.instant(checkpoint);
        return at == null ? checkpoint : DateTimeFormatter.ISO_INSTANT.format(at.minus(lookback));
    }
}
